/**
 * Container images of catalog entities: which versions of a service exist, which are stable,
 * which have findings.
 *
 * This entry point is for apps on the legacy frontend system; the new frontend system uses the
 * `./alpha` entry point's default export.
 *
 * @packageDocumentation
 */
export {
  containerImagesPlugin,
  EntityContainerImagesCard,
  EntityContainerImagesContent,
} from './plugin';
export { isContainerImagesAvailable } from './lib/annotations';
export { containerImagesApiRef, ContainerImagesClient } from './api';
export type { ContainerImagesApi } from './api';
