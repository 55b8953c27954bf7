import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /**
       * Catalogs every repository of a source, with or without a catalog-info.yaml: one block per
       * source, keyed by an id used in the provider name (`repo-discovery:<id>`).
       */
      repoDiscovery?: {
        [id: string]: {
          /** A GitHub organisation to catalog. Exactly one of `github` and `localDirectory`. */
          github?: {
            /** Organisation login, e.g. `orbital-data`. */
            organization: string;
            /**
             * The GitHub host; an `integrations.github` entry with this host must exist.
             * @defaultValue github.com
             */
            host?: string;
          };
          /**
           * A directory of local git repositories (bare or not), for the embedded default.
           * Relative paths are resolved from the backend's working directory.
           */
          localDirectory?: string;
          /**
           * Owner for repositories whose CODEOWNERS says nothing (and no `owner-<team>` topic).
           * @defaultValue group:default/platform-team
           */
          defaultOwner?: string;
          /** Glob patterns of repository names to leave out. */
          exclude?: string[];
          /**
           * How often the whole source is swept; GitHub webhooks refresh single repositories in
           * between.
           * @defaultValue { frequency: { minutes: 30 }, timeout: { minutes: 15 } }
           */
          schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        };
      };
      /**
       * Kubernetes clusters as `Resource` entities of type `kubernetes-cluster`, merged from the
       * kubernetes plugin's own config (`kubernetes.clusterLocatorMethods` of type `config`), EKS
       * discovery (below) and the `clusters/<name>/` directories of discovered GitOps repositories.
       */
      platformClusters?: {
        /**
         * Owner of the cluster entities.
         * @defaultValue group:default/platform-team
         */
        defaultOwner?: string;
        /**
         * How often config and EKS are read again.
         * @defaultValue { frequency: { minutes: 30 }, timeout: { minutes: 15 } }
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /**
         * AWS accounts whose EKS clusters become `kubernetes-cluster` Resources. Credentials come
         * from the `aws` integration config (`aws.mainAccount`, `aws.accounts`,
         * `aws.accountDefaults`).
         */
        eks?: Array<{
          /** 12-digit AWS account id; quote it in YAML. */
          accountId: string;
          /** Regions to list clusters in, e.g. `eu-central-1`. */
          regions: string[];
          /** Role the Kubernetes plugin assumes to reach these clusters (`kubernetes.io/aws-assume-role`). */
          roleArn?: string;
          /** External id of that role (`kubernetes.io/aws-external-id`). */
          externalId?: string;
          /** Only clusters carrying all these tags; the value `*` only requires the tag to exist. */
          tagFilter?: { [tag: string]: string };
          /**
           * Tag naming the cluster's environment (matched case-insensitively).
           * @defaultValue environment
           */
          environmentTag?: string;
        }>;
      };
    };
  };
}
