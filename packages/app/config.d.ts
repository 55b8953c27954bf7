export interface Config {
  portal?: {
    signIn?: {
      /**
       * Sign-in providers offered on the sign-in page, in order: `guest` (embedded default only;
       * the backend refuses it outside development) and `github`.
       * @visibility frontend
       */
      providers?: Array<'guest' | 'github'>;
    };
  };
}
