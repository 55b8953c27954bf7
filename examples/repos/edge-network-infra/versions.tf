terraform {
  required_version = ">= 1.9"
  cloud {
    organization = "orbital-data"
    workspaces {
      name = "edge-network-prod"
    }
  }
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}
