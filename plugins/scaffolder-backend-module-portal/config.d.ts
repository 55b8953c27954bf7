export interface Config {
  portal?: {
    scaffolder?: {
      /**
       * Where the templates publish new repositories: `local` (bare repositories in
       * `scaffolder.localGit.directory`, discovered by the catalog; the embedded default) or
       * `github` (`publish:github` into `github.organization`, then registered in the catalog).
       * @defaultValue local
       */
      publishTarget?: 'local' | 'github';
      github?: {
        /**
         * The GitHub host; an entry of `integrations.github` must exist for it.
         * @defaultValue github.com
         */
        host?: string;
        /** The organisation new repositories are created in. Required when `publishTarget` is `github`. */
        organization?: string;
      };
    };
  };
}
