import { createServiceFactory } from '@backstage/backend-plugin-api';
import { urlReaderFactoriesServiceRef } from '@backstage/backend-defaults/urlReader';
import { LocalGitUrlReader } from './LocalGitUrlReader';

export { LocalGitUrlReader } from './LocalGitUrlReader';

/**
 * Adds {@link LocalGitUrlReader} to the backend's URL readers:
 * `backend.add(localGitUrlReaderFactory)`.
 *
 * @public
 */
export const localGitUrlReaderFactory = createServiceFactory({
  service: urlReaderFactoriesServiceRef,
  deps: {},
  async factory() {
    return LocalGitUrlReader.factory;
  },
});
