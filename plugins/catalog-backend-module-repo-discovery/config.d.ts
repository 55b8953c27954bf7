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
    };
  };
}
