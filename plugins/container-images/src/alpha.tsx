import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { containerImagesApiRef, ContainerImagesClient } from './api';
import { isContainerImagesAvailable } from './lib/annotations';

/** `api:container-images`: the client of the container-images backend. */
export const containerImagesApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: containerImagesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ContainerImagesClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * `entity-card:container-images/images`: on the overview of entities that declare a repository.
 */
export const containerImagesEntityCard = EntityCardBlueprint.make({
  name: 'images',
  params: {
    // Beside About: the latest release and its findings are what people look for first.
    type: 'info',
    filter: isContainerImagesAvailable,
    loader: () =>
      import('./components/EntityContainerImagesCard').then(m => (
        <m.EntityContainerImagesCard />
      )),
  },
});

/** `entity-content:container-images/images`: the Images tab, at `<entity>/images`. */
export const containerImagesEntityContent = EntityContentBlueprint.make({
  name: 'images',
  params: {
    path: '/images',
    title: 'Images',
    // A tab of its own rather than inside the Deployment group, where it would hide Kubernetes
    // behind a menu.
    filter: isContainerImagesAvailable,
    loader: () =>
      import('./components/EntityContainerImagesContent').then(m => (
        <m.EntityContainerImagesContent />
      )),
  },
});

/**
 * The container images plugin for the new frontend system: an API, an entity card and an
 * entity tab, all shown only for entities that declare a repository.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'container-images',
  title: 'Container images',
  info: { packageJson: () => import('../package.json') },
  extensions: [
    containerImagesApi,
    containerImagesEntityCard,
    containerImagesEntityContent,
  ],
});

export { isContainerImagesAvailable };
