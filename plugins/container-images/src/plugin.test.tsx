import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { getComponentData } from '@backstage/core-plugin-api';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { containerImagesApiRef } from './api';
import { ecrEntity, okResponse, plainEntity } from './__fixtures__/images';
import {
  containerImagesPlugin,
  EntityContainerImagesCard,
  EntityContainerImagesContent,
  isContainerImagesAvailable,
} from './index';

// The legacy frontend system: what `src/index.ts` offers apps that still use it.
describe('container-images plugin (legacy frontend system)', () => {
  const api = {
    getEntityImages: jest.fn(async () => okResponse),
    getFindings: jest.fn(),
  };

  it('is the container-images plugin with its API factory', () => {
    expect(containerImagesPlugin.getId()).toBe('container-images');
    expect([...containerImagesPlugin.getApis()].map(f => f.api.id)).toEqual([
      containerImagesApiRef.id,
    ]);
  });

  it('tells whether an entity declares a repository, for EntitySwitch', () => {
    expect(isContainerImagesAvailable(ecrEntity)).toBe(true);
    expect(isContainerImagesAvailable(plainEntity)).toBe(false);
  });

  it('renders the card extension', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[containerImagesApiRef, api]]}>
        <EntityProvider entity={ecrEntity}>
          <EntityContainerImagesCard />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );

    expect(await screen.findByText('Latest stable')).toBeInTheDocument();
  });

  it('offers the tab as a routable extension mounted at the plugin route', () => {
    // The legacy EntityLayout.Route mounts it; the element carries its mount point.
    expect(
      getComponentData(<EntityContainerImagesContent />, 'core.mountPoint'),
    ).toBe(containerImagesPlugin.routes.entityContent);
  });
});
