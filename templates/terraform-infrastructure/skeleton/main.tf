locals {
  name       = "${{ values.name }}"
  owner      = "${{ values.ownerName }}"
  repository = "${{ values.projectSlug or values.name }}"

  # S3 bucket names are global and at most 63 characters: <name>-<environment>-<account>, the
  # name shortened when the whole would be longer.
  bucket_suffix = "-${var.environment}-${var.aws_account_id}"
  bucket_name   = "${substr(local.name, 0, 63 - length(local.bucket_suffix))}${local.bucket_suffix}"
}

# The first resource of this repository: an encrypted, versioned, private S3 bucket for the
# component's data. Replace it or add your own resources and modules next to it.
module "data_bucket" {
  source = "./modules/s3-bucket"

  bucket_name                        = local.bucket_name
  force_destroy                      = var.force_destroy
  noncurrent_version_expiration_days = var.noncurrent_version_expiration_days
}
