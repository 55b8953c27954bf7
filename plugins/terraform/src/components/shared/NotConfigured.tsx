import { CodeSnippet, EmptyState } from '@backstage/core-components';
import {
  ANNOTATION_GITHUB_PROJECT_SLUG,
  ANNOTATION_TERRAFORM_ARTIFACTS,
  ANNOTATION_TERRAFORM_LOCAL,
  ANNOTATION_TERRAFORM_S3,
  ANNOTATION_TERRAFORM_WORKSPACES,
} from '@platform-portal/plugin-terraform-common';

export const EXAMPLE = `metadata:
  annotations:
    # HCP Terraform / Terraform Enterprise: <organization>/<workspace>, comma separated
    ${ANNOTATION_TERRAFORM_WORKSPACES}: orbital-data/landing-zone-dev,orbital-data/landing-zone-production
    # GitHub Actions: the artifacts terraform-plan-<environment> (plan.json) of the repository's runs
    ${ANNOTATION_TERRAFORM_ARTIFACTS}: github
    ${ANNOTATION_GITHUB_PROJECT_SLUG}: orbital-data/aws-landing-zone
    # S3: <bucket>/<prefix> of a configured bucket
    # ${ANNOTATION_TERRAFORM_S3}: orbital-terraform-plans/aws-landing-zone
    # A directory under the configured local plans directory
    # ${ANNOTATION_TERRAFORM_LOCAL}: aws-landing-zone`;

/** The entity declares no plan source: says which annotations to add, with an example. */
export function NotConfigured() {
  return (
    <EmptyState
      missing="field"
      title="No Terraform plan source declared"
      description={
        <>
          Add one of the annotations{' '}
          <code>{ANNOTATION_TERRAFORM_WORKSPACES}</code> (HCP Terraform),{' '}
          <code>{ANNOTATION_TERRAFORM_ARTIFACTS}</code> with{' '}
          <code>{ANNOTATION_GITHUB_PROJECT_SLUG}</code> (GitHub Actions),{' '}
          <code>{ANNOTATION_TERRAFORM_S3}</code> (S3) or{' '}
          <code>{ANNOTATION_TERRAFORM_LOCAL}</code> (a local directory) to this
          entity's <code>catalog-info.yaml</code>:
        </>
      }
      action={<CodeSnippet text={EXAMPLE} language="yaml" showCopyCodeButton />}
    />
  );
}
