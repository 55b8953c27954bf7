export { containerImagesApiRef } from './ContainerImagesApi';
export type { ContainerImagesApi } from './ContainerImagesApi';
export { ContainerImagesClient } from './ContainerImagesClient';
