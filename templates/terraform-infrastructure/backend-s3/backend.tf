terraform {
  # State in S3, locked in DynamoDB. The settings of each environment (bucket, key, region, lock
  # table) are in env/<environment>.s3.tfbackend:
  #   terraform init -reconfigure -backend-config=env/dev.s3.tfbackend
  # checkov reads only this block, not the -backend-config files, hence the skip:
  #checkov:skip=CKV_TF_3:Locking is configured per environment in env/<environment>.s3.tfbackend (dynamodb_table)
  backend "s3" {}
}
