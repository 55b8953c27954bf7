"""The ${{ values.name }} service."""
