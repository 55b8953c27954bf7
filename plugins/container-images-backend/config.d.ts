export interface Config {
  /** The container images plugin (`@platform-portal/plugin-container-images-backend`). */
  containerImages?: {
    /**
     * How long a repository's images are served from memory before the registry is asked again.
     * @defaultValue 60
     */
    cacheTtlSeconds?: number;
    /**
     * Tags that move by design (classified `moving`).
     * @defaultValue [develop, latest, main, master, dev, staging, production, prod, stable, edge, nightly]
     */
    movingTags?: string[];
    /** Amazon ECR. Credentials come from the `aws` config of `@backstage/integration-aws-node`. */
    ecr?: {
      /** The account of repositories declared by name instead of ARN. Quote it in YAML. */
      defaultAccountId?: string;
      /** The region of repositories declared by name instead of ARN. */
      defaultRegion?: string;
      /**
       * Attempts per ECR call, the first included; throttling is retried with backoff.
       * @defaultValue 5
       */
      maxAttempts?: number;
      /**
       * Another ECR endpoint (a local simulation for tests and benchmarks). Never set it in
       * production.
       */
      endpoint?: string;
    };
    /** OCI (Docker Distribution v2) registries. Only these hosts are ever called. */
    oci?: {
      registries?: Array<{
        /** The host as annotations write it, e.g. `registry.local` or `ghcr.io`. */
        host: string;
        /**
         * Where to call it.
         * @defaultValue https://<host>
         */
        url?: string;
        /** Basic auth user. */
        username?: string;
        /**
         * Basic auth password or token.
         * @visibility secret
         */
        password?: string;
      }>;
    };
  };
}
