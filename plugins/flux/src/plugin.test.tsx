import { getComponentData } from '@backstage/core-plugin-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { fluxApiRef } from './api';
import {
  clusterEntity,
  clusterViewResponse,
  deploymentsResponse,
  objectsResponse,
  plainEntity,
  serviceEntity,
} from './__fixtures__/flux';
import {
  EntityDeploymentsContent,
  EntityFluxDeploymentsCard,
  EntityFluxImageAutomationCard,
  EntityFluxSourcesCard,
  FluxClient,
  FluxClusterContent,
  fluxPlugin,
  isFluxAvailable,
  isKubernetesCluster,
} from './index';

// The legacy frontend system: what `src/index.ts` offers apps that still use it.
describe('flux plugin (legacy frontend system)', () => {
  const api = {
    getEntityObjects: jest.fn(async () => objectsResponse),
    getDeployments: jest.fn(async () => deploymentsResponse),
    getClusterView: jest.fn(async () => clusterViewResponse),
    runAction: jest.fn(),
  };
  const permissionApi = {
    authorize: jest.fn(
      async (): Promise<{ result: AuthorizeResult.ALLOW }> => ({
        result: AuthorizeResult.ALLOW,
      }),
    ),
  };

  const renderWith = (
    entity: typeof serviceEntity,
    element: JSX.Element,
    path = '/',
  ) =>
    renderInTestApp(
      <TestApiProvider
        apis={[
          [fluxApiRef, api],
          [permissionApiRef, permissionApi],
        ]}
      >
        <EntityProvider entity={entity}>{element}</EntityProvider>
      </TestApiProvider>,
      {
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
        routeEntries: [path],
      },
    );

  it('is the flux plugin with its API factory', () => {
    expect(fluxPlugin.getId()).toBe('flux');
    expect([...fluxPlugin.getApis()].map(f => f.api.id)).toEqual([
      fluxApiRef.id,
    ]);
    expect(typeof FluxClient).toBe('function');
  });

  it('tells EntitySwitch which entities get the cards and which the cluster tab', () => {
    expect(isFluxAvailable(serviceEntity)).toBe(true);
    expect(isFluxAvailable(plainEntity)).toBe(false);
    expect(isKubernetesCluster(clusterEntity)).toBe(true);
    expect(isKubernetesCluster(serviceEntity)).toBe(false);
  });

  it('renders the three card extensions', async () => {
    await renderWith(
      serviceEntity,
      <>
        <EntityFluxDeploymentsCard />
        <EntityFluxSourcesCard />
        <EntityFluxImageAutomationCard />
      </>,
    );

    expect(await screen.findByText('failed: BuildFailed')).toBeInTheDocument();
    expect(screen.getByText('Flux sources')).toBeInTheDocument();
    expect(
      await screen.findByText('42 tags · latest 1.4.3, 1.4.3-SNAPSHOT, 1.4.2'),
    ).toBeInTheDocument();
  });

  it('renders the Deployments tab where EntityLayout.Route puts it', async () => {
    await renderWith(
      serviceEntity,
      <Routes>
        <Route path="/deployments/*" element={<EntityDeploymentsContent />} />
      </Routes>,
      '/deployments',
    );

    expect(await screen.findByText('4 workloads')).toBeInTheDocument();
  });

  it('renders the Flux tab of a cluster where EntityLayout.Route puts it', async () => {
    await renderWith(
      clusterEntity,
      <Routes>
        <Route path="/flux/*" element={<FluxClusterContent />} />
      </Routes>,
      '/flux',
    );

    expect(
      await screen.findByRole('heading', { name: 'Flux controllers' }),
    ).toBeInTheDocument();
  });

  it('offers both tabs as routable extensions mounted at the plugin routes', () => {
    expect(
      getComponentData(<EntityDeploymentsContent />, 'core.mountPoint'),
    ).toBe(fluxPlugin.routes.deployments);
    expect(getComponentData(<FluxClusterContent />, 'core.mountPoint')).toBe(
      fluxPlugin.routes.cluster,
    );
  });
});
