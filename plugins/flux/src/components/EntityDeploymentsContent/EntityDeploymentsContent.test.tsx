import { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { DeploymentsResponse } from '@platform-portal/plugin-flux-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FluxApi, fluxApiRef } from '../../api';
import {
  commitUrl,
  DIGEST_DEV,
  deploymentsResponse,
  emptyDeploymentsResponse,
  entityWith,
  ksAppsDev,
  objectsResponse,
  serviceEntity,
  SHA_OLD,
} from '../../__fixtures__/flux';
import { EntityDeploymentsContent } from './EntityDeploymentsContent';

function mockApi(overrides: Partial<FluxApi> = {}): jest.Mocked<FluxApi> {
  return {
    getEntityObjects: jest.fn(
      overrides.getEntityObjects ?? (async () => objectsResponse),
    ),
    getDeployments: jest.fn(
      overrides.getDeployments ?? (async () => deploymentsResponse),
    ),
    getClusterView: jest.fn(),
    runAction: jest.fn(
      overrides.runAction ??
        (async action => ({
          action: action as any,
          handled: true,
          object: ksAppsDev,
        })),
    ),
  };
}

function renderContent(api: FluxApi, entity: Entity = serviceEntity) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityDeploymentsContent />
    </EntityProvider>,
    {
      apis: [[fluxApiRef, api], mockApis.permission(), mockApis.alert()],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

/** The table's row of a workload; throws until it is there, so that `waitFor` waits for it. */
function workload(key: string): HTMLElement {
  const element = document.querySelector(`[data-workload="${key}"]`);
  if (!element) throw new Error(`No row for ${key}`);
  return element as HTMLElement;
}

const table = () => screen.getByRole('table', { name: 'Deployments' });

describe('EntityDeploymentsContent', () => {
  it('counts environments, clusters, workloads and the unhealthy ones', async () => {
    renderContent(mockApi());

    const summary = await screen.findByRole('group', { name: 'Summary' });
    await waitFor(() => expect(summary).toHaveTextContent('3 environments'));
    expect(
      within(summary)
        .getAllByText(/./, { selector: '.MuiChip-label' })
        .map(c => c.textContent),
    ).toEqual(['3 environments', '3 clusters', '4 workloads', '2 unhealthy']);
  });

  it('groups the workloads by environment in the order the backend gives', async () => {
    renderContent(mockApi());
    await waitFor(() => workload('dev-cluster/shop/orders-service'));

    expect(
      Array.from(table().querySelectorAll('tbody tr')).map(
        r =>
          r.getAttribute('data-environment-group') ??
          r.getAttribute('data-workload'),
      ),
    ).toEqual([
      'dev',
      'dev-cluster/shop/orders-service',
      'staging',
      'staging-cluster/shop/orders-service',
      'prod',
      'prod-cluster/shop/orders-service',
      'prod-cluster/shop/orders-cache',
    ]);
    const prodGroup = table().querySelector('[data-environment-group="prod"]')!;
    expect(prodGroup).toHaveTextContent(
      'prod1 cluster · 2 workloads · 1 unhealthy',
    );
  });

  it('shows per container the running tag, its class, the digest and the scan', async () => {
    renderContent(mockApi());
    const dev = await waitFor(() =>
      workload('dev-cluster/shop/orders-service'),
    );

    const app = dev.querySelectorAll('[data-container="orders-service"]');
    // One line in the image column, one in the scan column.
    expect(app).toHaveLength(2);
    expect(app[0]).toHaveTextContent(
      'orders-service1.4.3-SNAPSHOTsnapshot@3b1f0c2d4e5f',
    );
    expect(app[0].querySelector('[data-tag-class]')).toHaveAttribute(
      'data-tag-class',
      'snapshot',
    );
    expect(app[0].querySelector('[data-digest]')).toHaveAttribute(
      'data-digest',
      DIGEST_DEV,
    );
    expect(app[1]).toHaveTextContent('high 2');
    expect(app[1]).not.toHaveTextContent('critical');

    const sidecar = dev.querySelectorAll('[data-container="istio-proxy"]');
    expect(sidecar[0]).toHaveTextContent('istio-proxy1.22.1stable');
    expect(sidecar[1]).toHaveTextContent('not in registry');

    const staging = workload('staging-cluster/shop/orders-service');
    expect(staging).toHaveTextContent('critical 1');
    expect(staging).toHaveTextContent('high 3');
    // One container: no container name.
    expect(
      staging.querySelector('[data-container="orders-service"]'),
    ).toHaveTextContent(/^1\.4\.2stable@8d7c6b5a4f3e$/);

    const prod = workload('prod-cluster/shop/orders-service');
    expect(prod).toHaveTextContent('no critical/high');
  });

  it('shows health with ready/desired replicas, what applied each workload and when it changed', async () => {
    renderContent(mockApi());

    const staging = await waitFor(() =>
      workload('staging-cluster/shop/orders-service'),
    );
    expect(within(staging).getByText('progressing 1/2')).toBeInTheDocument();
    expect(within(staging).getByText('Kustomization')).toBeInTheDocument();
    expect(
      within(staging).getByRole('link', { name: /^main@1f2e3d4/ }),
    ).toHaveAttribute('href', commitUrl(SHA_OLD));
    expect(
      within(staging).getByText('failed: BuildFailed'),
    ).toBeInTheDocument();
    expect(within(staging).getByText('yesterday')).toBeInTheDocument();
    expect(
      within(staging).getByRole('link', { name: 'staging-cluster' }),
    ).toHaveAttribute('href', '/catalog/default/resource/staging-cluster');

    const prod = workload('prod-cluster/shop/orders-service');
    expect(
      within(prod).getByText('degraded 1/3').closest('[data-health]'),
    ).toHaveAttribute('data-health', 'degraded');
    expect(within(prod).getByText('HelmRelease')).toBeInTheDocument();
    // The chart version the HelmRelease applied, beside the running tag of the same name.
    expect(prod.querySelector('[data-revision]')).toHaveTextContent('1.4.2');
    expect(within(prod).getByText('failed: UpgradeFailed')).toBeInTheDocument();

    const cache = workload('prod-cluster/shop/orders-cache');
    expect(within(cache).getByText('StatefulSet')).toBeInTheDocument();
    expect(within(cache).getByText('healthy 1/1')).toBeInTheDocument();
    expect(within(cache).getByText('not applied by Flux')).toBeInTheDocument();
    expect(within(cache).getByText('other')).toBeInTheDocument();
  });

  it('lists the clusters that could not be read above the rows of the others', async () => {
    renderContent(mockApi());

    const errors = await screen.findAllByTestId('cluster-errors');
    // The tab's own list comes first; the cards below list what concerns them.
    expect(errors[0]).toHaveTextContent(
      'sandbox-cluster: TIMEOUT The cluster did not answer within 10 seconds',
    );
    expect(workload('dev-cluster/shop/orders-service')).toBeInTheDocument();
  });

  it('notes when tag classes and scans are unavailable, and still shows the tags', async () => {
    const response: DeploymentsResponse = {
      ...deploymentsResponse,
      rows: deploymentsResponse.rows.map(r => ({
        ...r,
        containers: r.containers.map(({ scan, tagClass, ...c }) => c),
      })),
      imagesError: {
        name: 'ServiceUnavailableError',
        message: 'container-images backend answered 503',
        statusCode: 503,
      },
    };
    renderContent(mockApi({ getDeployments: async () => response }));

    expect(await screen.findByTestId('images-error')).toHaveTextContent(
      'Tag classes and scans are unavailable: ServiceUnavailableError: container-images backend answered 503',
    );
    const dev = workload('dev-cluster/shop/orders-service');
    expect(dev).toHaveTextContent('1.4.3-SNAPSHOT');
    expect(dev.querySelector('[data-tag-class]')).toBeNull();
  });

  it('explains the kubernetes-id label when no workload is found', async () => {
    renderContent(
      mockApi({ getDeployments: async () => emptyDeploymentsResponse }),
    );

    expect(await screen.findByText('No workloads found')).toBeInTheDocument();
    expect(
      screen.getByText('backstage.io/kubernetes-id=orders-service'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(document.body.textContent).toContain(
        'backstage.io/kubernetes-id: orders-service',
      ),
    );
  });

  it('says the annotation is missing when the entity only lists Kustomizations', async () => {
    renderContent(
      mockApi({ getDeployments: async () => emptyDeploymentsResponse }),
      entityWith({
        'platform-portal.io/flux-kustomizations': 'flux-system/apps',
      }),
    );
    expect(
      await screen.findByText(/annotation, so its workloads cannot be found/),
    ).toBeInTheDocument();
  });

  it('shows the three Flux cards below, reading the Flux objects once for all of them', async () => {
    const api = mockApi();
    renderContent(api);

    expect(await screen.findByText('Flux deployments')).toBeInTheDocument();
    expect(screen.getByText('Flux sources')).toBeInTheDocument();
    expect(screen.getByText('Flux image automation')).toBeInTheDocument();
    await waitFor(() =>
      expect(
        document.querySelector(
          '[data-object="dev-cluster/ImagePolicy/flux-system/orders-service"]',
        ),
      ).not.toBeNull(),
    );
    expect(
      document.querySelector(
        '[data-object="dev-cluster/GitRepository/flux-system/flux-system"]',
      ),
    ).not.toBeNull();
    expect(api.getEntityObjects).toHaveBeenCalledTimes(1);
    expect(api.getDeployments).toHaveBeenCalledTimes(1);
  });

  it('reads the workloads and the objects again past the cache on Refresh, and after an action', async () => {
    const user = userEvent.setup();
    const api = mockApi();
    renderContent(api);
    await waitFor(() => workload('dev-cluster/shop/orders-service'));
    await waitFor(() =>
      expect(
        document.querySelector(
          '[data-object="dev-cluster/Kustomization/flux-system/apps"]',
        ),
      ).not.toBeNull(),
    );

    await user.click(screen.getAllByRole('button', { name: 'Refresh' })[0]);
    await waitFor(() => expect(api.getDeployments).toHaveBeenCalledTimes(2));
    expect(api.getDeployments).toHaveBeenLastCalledWith(expect.anything(), {
      refresh: true,
    });
    await waitFor(() => expect(api.getEntityObjects).toHaveBeenCalledTimes(2));

    await user.click(
      screen.getByRole('button', {
        name: 'Actions for Kustomization flux-system/apps on dev-cluster',
      }),
    );
    const reconcile = await screen.findByRole('menuitem', {
      name: /^Reconcile/,
    });
    await waitFor(() =>
      expect(reconcile).not.toHaveAttribute('aria-disabled', 'true'),
    );
    await user.click(reconcile);
    await waitFor(() => expect(api.getDeployments).toHaveBeenCalledTimes(3));
    await waitFor(() => expect(api.getEntityObjects).toHaveBeenCalledTimes(3));
  });

  it('keeps the rows when a refresh fails, and says so', async () => {
    const user = userEvent.setup();
    const api = mockApi({
      getDeployments: jest
        .fn()
        .mockResolvedValueOnce(deploymentsResponse)
        .mockRejectedValue(new Error('Gateway timeout')),
    });
    renderContent(api);
    await waitFor(() => workload('dev-cluster/shop/orders-service'));

    await user.click(screen.getAllByRole('button', { name: 'Refresh' })[0]);
    expect(
      await screen.findByText(
        'Could not refresh, showing the previous result: Gateway timeout',
      ),
    ).toBeInTheDocument();
    expect(workload('dev-cluster/shop/orders-service')).toBeInTheDocument();
  });
});
