terraform {
  # HCP Terraform keeps the state of each environment in its own workspace and locks it; plans
  # and applies run in GitHub Actions (the workspaces use local execution), with AWS credentials
  # from OIDC. The workspace is chosen by TF_WORKSPACE, from env/<environment>.hcp.env:
  #   ${{ values.name }}-dev         branch dev
  #   ${{ values.name }}-production  branch main
  # A `workspaces { name = ... }` block would pin one workspace for every environment and make
  # Terraform refuse TF_WORKSPACE, so there is none.
  cloud {
    organization = "${{ values.hcpOrganization }}"
  }
}
