export interface Config {
  /** The Terraform plans plugin (`@platform-portal/plugin-terraform-backend`). */
  terraform?: {
    /**
     * How long lists of plans are served from memory.
     * @defaultValue 60
     */
    listCacheTtlSeconds?: number;
    /**
     * How long a plan source's failure for a target is answered from memory, so an outage of
     * GitHub or HCP Terraform does not send every page view upstream. 0 asks again every time.
     * @defaultValue 15
     */
    listFailureCacheSeconds?: number;
    /**
     * Parsed plans kept in memory, at most (they are immutable: a plan id never changes content).
     * @defaultValue 8
     */
    parsedPlanCacheSize?: number;
    /** Plans larger than this are refused. @defaultValue 268435456 (256 MiB) */
    maxPlanBytes?: number;
    /** GitHub Actions artifacts (`platform-portal.io/terraform-artifacts: github`). Credentials: `integrations.github`. */
    github?: {
      /** @defaultValue github.com */
      host?: string;
      /** Artifact name prefix. @defaultValue terraform-plan- */
      artifactPrefix?: string;
      /** Workflow runs looked at per repository. @defaultValue 50 */
      maxRuns?: number;
    };
    /** HCP Terraform or Terraform Enterprise (`platform-portal.io/terraform-workspaces`). */
    hcp?: {
      /** @defaultValue https://app.terraform.io */
      baseUrl?: string;
      /**
       * A team or organisation token that may read runs and plan JSON.
       * @visibility secret
       */
      token?: string;
      /** Runs listed per workspace. @defaultValue 20 */
      maxRuns?: number;
    };
    /** S3 (`platform-portal.io/terraform-plans-s3: <bucket>/<prefix>`). Credentials: the `aws` config. */
    s3?: {
      /** The only buckets ever read. */
      buckets?: Array<{
        name: string;
        region: string;
        /** For role assumption through `@backstage/integration-aws-node`. */
        accountId?: string;
        /** Another endpoint (tests and benchmarks only). */
        endpoint?: string;
        /**
         * Path-style requests (`<endpoint>/<bucket>/<key>`).
         * @defaultValue true when `endpoint` is set, else false
         */
        forcePathStyle?: boolean;
      }>;
    };
    /** A local directory of plans (`platform-portal.io/terraform-plans-local: <dir>`), the embedded default. */
    local?: {
      directory?: string;
    };
  };
}
