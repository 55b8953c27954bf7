# Variables of the production environment (branch main).
environment    = "production"
aws_region     = "${{ values.awsRegion }}"
aws_account_id = "${{ values.awsAccountId }}"

noncurrent_version_expiration_days = 365
force_destroy                      = false
