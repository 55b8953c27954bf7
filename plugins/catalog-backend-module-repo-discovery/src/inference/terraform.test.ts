import { parseTerraformCloud } from './terraform';

describe('parseTerraformCloud', () => {
  it('reads the organization and workspace of a cloud block', () => {
    const hcl = `
terraform {
  required_version = ">= 1.9"
  # the state lives in HCP Terraform
  cloud {
    organization = "orbital-data" // the org
    workspaces {
      name = "edge-network-prod"
    }
  }
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}`;
    expect(parseTerraformCloud(hcl)).toEqual([
      'orbital-data/edge-network-prod',
    ]);
  });

  it('reads workspaces selected by tags', () => {
    const hcl = `terraform {
  cloud {
    organization = "piksel"
    workspaces { tags = ["piksel-infra", "shared"] }
  }
}`;
    expect(parseTerraformCloud(hcl)).toEqual([
      'piksel/tags:piksel-infra+shared',
    ]);
  });

  it('reads a remote backend with a workspace prefix', () => {
    const hcl = `terraform {
  backend "remote" {
    hostname     = "app.terraform.io"
    organization = "piksel"
    workspaces {
      prefix = "piksel-kubernetes-"
    }
  }
}`;
    expect(parseTerraformCloud(hcl)).toEqual(['piksel/piksel-kubernetes-*']);
  });

  it('says nothing of other backends, commented-out blocks, or a block without organization', () => {
    expect(
      parseTerraformCloud(
        'terraform {\n  backend "s3" {\n    bucket = "state"\n  }\n}',
      ),
    ).toBeUndefined();
    expect(
      parseTerraformCloud(
        '# terraform { cloud { organization = "x" } }\nresource "a" "b" {}',
      ),
    ).toBeUndefined();
    expect(
      parseTerraformCloud(
        'terraform {\n  cloud {\n    workspaces { name = "w" }\n  }\n}',
      ),
    ).toBeUndefined();
    expect(
      parseTerraformCloud(
        'terraform {\n  cloud {\n    organization = "o"\n  }\n}',
      ),
    ).toEqual([]);
  });
});
