export { containerImagesPlugin as default } from './plugin';
