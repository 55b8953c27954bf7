export interface Config {
  /**
   * The Flux plugin. Clusters, their locators and their auth are the upstream Kubernetes
   * backend's (`kubernetes.clusterLocatorMethods`); this block only tunes how they are read.
   */
  flux?: {
    /**
     * How long one cluster may take to answer; a slower cluster is reported with a `TIMEOUT`
     * error and the others are served.
     * @defaultValue 10
     */
    clusterTimeoutSeconds?: number;
    /**
     * How long a cluster's answer is reused for the same entity or cluster page. Answers with
     * errors are never reused.
     * @defaultValue 10
     */
    cacheTtlSeconds?: number;
    /**
     * The namespace the Flux controllers run in, for the cluster page's controller health.
     * @defaultValue flux-system
     */
    fluxNamespace?: string;
    /**
     * Environments in display order, matched against the `platform-portal.io/environment`
     * annotation of `kubernetes-cluster` resources; clusters in other environments come last.
     * @defaultValue [dev, development, test, qa, staging, preprod, prod, production]
     */
    environmentOrder?: string[];
    /**
     * How long reconcile and resume wait for the controller to handle the request
     * (`status.lastHandledReconcileAt`) before answering `handled: false`.
     * @defaultValue 20
     */
    reconcileWaitSeconds?: number;
  };
}
