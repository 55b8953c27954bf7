module "vpc" {
  source     = "./modules/vpc"
  cidr_block = "10.40.0.0/16"
  name       = "edge"
}
