import { CodeSnippet, EmptyState } from '@backstage/core-components';
import {
  ANNOTATION_ECR_REPOSITORIES,
  ANNOTATION_OCI_REPOSITORIES,
} from '@platform-portal/plugin-container-images-common';

const EXAMPLE = `metadata:
  annotations:
    # Amazon ECR: repository names (default account and region) or ARNs, comma separated
    ${ANNOTATION_ECR_REPOSITORIES}: arn:aws:ecr:eu-central-1:104729384756:repository/shop/orders-service
    # or repositories in an OCI registry: <host>/<name>
    # ${ANNOTATION_OCI_REPOSITORIES}: registry.local/shop/orders-service`;

/** The entity declares no repository: says which annotation to add, with an example. */
export function NotConfigured() {
  return (
    <EmptyState
      missing="field"
      title="No container image repository declared"
      description={
        <>
          Add the annotation <code>{ANNOTATION_ECR_REPOSITORIES}</code> (Amazon
          ECR) or <code>{ANNOTATION_OCI_REPOSITORIES}</code> (OCI registry) to
          this entity's <code>catalog-info.yaml</code>:
        </>
      }
      action={<CodeSnippet text={EXAMPLE} language="yaml" showCopyCodeButton />}
    />
  );
}
