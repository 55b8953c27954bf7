export { EntityContainerImagesContent } from './EntityContainerImagesContent';
