# Variables of the dev environment (branch dev).
environment    = "dev"
aws_region     = "${{ values.awsRegion }}"
aws_account_id = "${{ values.awsAccountId }}"

noncurrent_version_expiration_days = 30
force_destroy                      = true
