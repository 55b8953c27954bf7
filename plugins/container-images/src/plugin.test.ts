import { containerImagesPlugin } from './plugin';

describe('container-images', () => {
  it('should export plugin', () => {
    expect(containerImagesPlugin).toBeDefined();
  });
});
