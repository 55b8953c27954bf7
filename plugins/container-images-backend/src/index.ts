/**
 * Container images backend: every tagged image of an entity's ECR and OCI repositories,
 * classified by the release rules, with scans and rule violations.
 *
 * @packageDocumentation
 */
export { containerImagesPlugin as default } from './plugin';
export {
  ContainerImagesService,
  type ContainerImagesServiceOptions,
} from './service/ContainerImagesService';
export type {
  ImageRegistryProvider,
  ParsedRepositoryRef,
  RawImage,
  RawRepository,
} from './providers/types';
export { RepositoryReadError } from './providers/types';
