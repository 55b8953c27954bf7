provider "aws" {
  region = var.aws_region

  # Credentials come from GitHub OIDC in the pipelines and from your SSO profile locally; the
  # provider refuses to touch any other account than this environment's.
  allowed_account_ids = [var.aws_account_id]

  default_tags {
    tags = {
      Component   = local.name
      Environment = var.environment
      Owner       = local.owner
      Repository  = local.repository
      ManagedBy   = "terraform"
    }
  }
}
