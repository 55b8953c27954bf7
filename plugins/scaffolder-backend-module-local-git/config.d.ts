export interface Config {
  scaffolder?: {
    /** Settings of the `publish:local` action (plugin-scaffolder-backend-module-local-git). */
    localGit?: {
      /**
       * The directory `publish:local` creates bare repositories in, as `<repoName>.git`; point
       * the catalog's `repoDiscovery` `localDirectory` at the same directory so they get
       * catalogued. Relative paths are resolved from the backend's working directory; the
       * directory is created if missing.
       * @defaultValue `$PORTAL_DATA_DIR/repos` when that variable is set, else `./.data/repos`
       */
      directory?: string;
    };
  };
}
