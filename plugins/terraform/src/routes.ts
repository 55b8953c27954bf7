import { createRouteRef } from '@backstage/core-plugin-api';

/** Where the legacy app mounts the Terraform tab (`EntityTerraformContent`). */
export const rootRouteRef = createRouteRef({ id: 'terraform' });
