from datetime import datetime

from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG("retrain_weekly", start_date=datetime(2026, 1, 1), schedule="@weekly", catchup=False):
    BashOperator(task_id="train", bash_command="python -m trainer")
