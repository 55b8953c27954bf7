import { createRouteRef } from '@backstage/core-plugin-api';

/** Where the legacy app mounts the Deployments tab (`EntityDeploymentsContent`). */
export const deploymentsRouteRef = createRouteRef({ id: 'flux:deployments' });

/** Where the legacy app mounts a cluster's Flux tab (`FluxClusterContent`). */
export const clusterRouteRef = createRouteRef({ id: 'flux:cluster' });
