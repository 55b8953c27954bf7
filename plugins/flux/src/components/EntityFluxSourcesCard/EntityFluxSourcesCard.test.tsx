import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen, waitFor, within } from '@testing-library/react';
import { FluxApi, fluxApiRef } from '../../api';
import {
  commitUrl,
  emptyObjectsResponse,
  objectsResponse,
  serviceEntity,
  SHA_NEW,
} from '../../__fixtures__/flux';
import { EntityFluxSourcesCard } from './EntityFluxSourcesCard';

function renderCard(getEntityObjects: FluxApi['getEntityObjects']) {
  const api: FluxApi = {
    getEntityObjects: jest.fn(getEntityObjects),
    getDeployments: jest.fn(),
    getClusterView: jest.fn(),
    runAction: jest.fn(),
  };
  renderInTestApp(
    <EntityProvider entity={serviceEntity}>
      <EntityFluxSourcesCard />
    </EntityProvider>,
    {
      apis: [[fluxApiRef, api], mockApis.permission(), mockApis.alert()],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return api;
}

function row(key: string): HTMLElement {
  const element = document.querySelector(`[data-object="${key}"]`);
  if (!element) throw new Error(`No row for ${key}`);
  return element as HTMLElement;
}

describe('EntityFluxSourcesCard', () => {
  it('lists the sources of every cluster with URL, revision and status', async () => {
    renderCard(async () => objectsResponse);

    const git = await waitFor(() =>
      row('dev-cluster/GitRepository/flux-system/flux-system'),
    );
    expect(
      Array.from(document.querySelectorAll('[data-object]')).map(e =>
        e.getAttribute('data-object'),
      ),
    ).toEqual([
      'dev-cluster/GitRepository/flux-system/flux-system',
      'dev-cluster/HelmRepository/shop/orbital-charts',
      'dev-cluster/HelmChart/shop/shop-orders-service',
      'staging-cluster/GitRepository/flux-system/flux-system',
      'prod-cluster/GitRepository/flux-system/flux-system',
    ]);

    // An ssh URL is shown, not linked; its commit is, on the Git host.
    expect(
      within(git).getByText('ssh://git@github.com/orbital-data/fleet.git'),
    ).toBeInTheDocument();
    expect(
      within(git).getByRole('link', { name: /^main@5c2d3e4/ }),
    ).toHaveAttribute('href', commitUrl(SHA_NEW));

    const helm = row('dev-cluster/HelmRepository/shop/orbital-charts');
    expect(
      within(helm).getByRole('link', {
        name: /^https:\/\/charts\.orbital-data\.example\.com/,
      }),
    ).toHaveAttribute('href', 'https://charts.orbital-data.example.com');
    // An artifact digest, shortened.
    expect(within(helm).getByText('6f1e2d3c4b5a')).toBeInTheDocument();

    const chart = row('dev-cluster/HelmChart/shop/shop-orders-service');
    expect(
      within(chart).getByText(
        'orders-service 1.4.x from HelmRepository orbital-charts',
      ),
    ).toBeInTheDocument();
    expect(within(chart).getByText('1.4.3')).toBeInTheDocument();
    expect(within(chart).getByText('ready')).toBeInTheDocument();
  });

  it('shows the cluster errors and the counts per state', async () => {
    renderCard(async () => objectsResponse);

    expect(await screen.findByTestId('cluster-errors')).toHaveTextContent(
      'sandbox-cluster: TIMEOUT',
    );
    expect(
      screen.getByRole('group', { name: 'Objects per state' }),
    ).toHaveTextContent('ready 5');
  });

  it('says when there are no sources', async () => {
    renderCard(async () => emptyObjectsResponse);
    expect(
      await screen.findByText('No Flux sources found on 3 clusters.'),
    ).toBeInTheDocument();
  });
});
