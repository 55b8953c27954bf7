import { createRouteRef } from '@backstage/core-plugin-api';

/** Where the legacy app mounts the images tab (`EntityContainerImagesContent`). */
export const rootRouteRef = createRouteRef({ id: 'container-images' });
