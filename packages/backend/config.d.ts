export interface Config {
  /** Settings of the platform portal's own backend modules. */
  portal?: {
    permissions?: {
      /**
       * Entity refs (usually groups) whose members may perform every action in the portal.
       * Membership comes from the sign-in resolver's ownership claims.
       * @defaultValue ['group:default/platform-admins']
       */
      adminGroups?: string[];
    };
  };
}
