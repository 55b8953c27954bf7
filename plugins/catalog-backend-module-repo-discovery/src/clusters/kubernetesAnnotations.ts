/**
 * The annotations the Kubernetes backend's catalog cluster locator reads from a `Resource` of
 * `spec.type: kubernetes-cluster`. The strings are those of `@backstage/plugin-kubernetes-common`
 * (`ANNOTATION_KUBERNETES_*`, checked against 0.9.13), which this package does not depend on; the
 * first three are also exported by `@backstage/catalog-model`.
 *
 * The locator only picks up entities that carry api-server, api-server-certificate-authority and
 * auth-provider; it hands every other `kubernetes.io/` annotation to the auth strategy.
 */
export {
  ANNOTATION_KUBERNETES_API_SERVER as ANNOTATION_K8S_API_SERVER,
  ANNOTATION_KUBERNETES_API_SERVER_CA as ANNOTATION_K8S_API_SERVER_CA,
  ANNOTATION_KUBERNETES_AUTH_PROVIDER as ANNOTATION_K8S_AUTH_PROVIDER,
} from '@backstage/catalog-model';

export const ANNOTATION_K8S_OIDC_TOKEN_PROVIDER =
  'kubernetes.io/oidc-token-provider';
export const ANNOTATION_K8S_SKIP_METRICS_LOOKUP =
  'kubernetes.io/skip-metrics-lookup';
export const ANNOTATION_K8S_SKIP_TLS_VERIFY = 'kubernetes.io/skip-tls-verify';
export const ANNOTATION_K8S_DASHBOARD_URL = 'kubernetes.io/dashboard-url';
export const ANNOTATION_K8S_DASHBOARD_APP = 'kubernetes.io/dashboard-app';
export const ANNOTATION_K8S_AWS_ASSUME_ROLE = 'kubernetes.io/aws-assume-role';
/** The EKS cluster name the AWS auth strategy signs its token for. */
export const ANNOTATION_K8S_AWS_CLUSTER_ID = 'kubernetes.io/x-k8s-aws-id';
export const ANNOTATION_K8S_AWS_EXTERNAL_ID = 'kubernetes.io/aws-external-id';
