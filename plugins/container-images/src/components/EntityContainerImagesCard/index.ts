export { EntityContainerImagesCard } from './EntityContainerImagesCard';
