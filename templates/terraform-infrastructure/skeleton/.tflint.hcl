# TFLint configuration: the pipelines run `tflint --recursive` with it, root module and modules/.
tflint {
  required_version = ">= 0.50"
}

config {
  # Local modules are inspected together with the module that calls them.
  call_module_type = "local"
}

# The bundled Terraform rules: deprecated syntax, unused declarations, missing version constraints.
plugin "terraform" {
  enabled = true
  preset  = "recommended"
}

# AWS rules: invalid instance types, regions, names and other values the provider only rejects at apply.
plugin "aws" {
  enabled = true
  version = "0.40.0"
  source  = "github.com/terraform-linters/tflint-ruleset-aws"
}

rule "terraform_documented_variables" {
  enabled = true
}

rule "terraform_documented_outputs" {
  enabled = true
}

rule "terraform_naming_convention" {
  enabled = true
}

rule "terraform_standard_module_structure" {
  enabled = true
}
