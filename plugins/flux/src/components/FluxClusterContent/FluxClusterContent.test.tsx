import { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { FluxClusterViewResponse } from '@platform-portal/plugin-flux-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FluxApi, fluxApiRef } from '../../api';
import {
  CLUSTER_ENTITY_REF,
  clusterEntity,
  clusterViewResponse,
  generateClusterObjects,
  ksInfraFailedDev,
  serviceEntity,
} from '../../__fixtures__/flux';
import { FluxClusterContent } from './FluxClusterContent';

function mockApi(overrides: Partial<FluxApi> = {}): jest.Mocked<FluxApi> {
  return {
    getEntityObjects: jest.fn(),
    getDeployments: jest.fn(),
    getClusterView: jest.fn(
      overrides.getClusterView ?? (async () => clusterViewResponse),
    ),
    runAction: jest.fn(
      overrides.runAction ??
        (async (_ref, action) => ({
          action,
          handled: true,
          object: {
            ...ksInfraFailedDev,
            status: {
              state: 'ready' as const,
              reason: 'ReconciliationSucceeded',
              stale: false,
            },
          },
        })),
    ),
  };
}

function renderContent(api: FluxApi, entity: Entity = clusterEntity) {
  const requests: Array<{ permission: string; resourceRef?: string }> = [];
  renderInTestApp(
    <EntityProvider entity={entity}>
      <FluxClusterContent />
    </EntityProvider>,
    {
      apis: [
        [fluxApiRef, api],
        mockApis.permission({
          authorize: request => {
            requests.push({
              permission: request.permission.name,
              resourceRef: (request as { resourceRef?: string }).resourceRef,
            });
            return AuthorizeResult.ALLOW;
          },
        }),
        mockApis.alert(),
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return { requests };
}

const objectsTable = () => screen.getByRole('table', { name: 'Flux objects' });
const bodyRows = () =>
  Array.from(objectsTable().querySelectorAll('tbody tr[data-object]'));
const rowKeys = () => bodyRows().map(r => r.getAttribute('data-object'));

describe('FluxClusterContent', () => {
  it("shows the Flux controllers' health: name, version, ready replicas", async () => {
    renderContent(mockApi());

    const controllers = await screen.findByRole('group', {
      name: 'Flux controllers',
    });
    const chip = (name: string) =>
      controllers.querySelector(`[data-controller="${name}"]`);
    expect(chip('kustomize-controller')).toHaveTextContent(
      'kustomize-controller v1.4.0 1/1',
    );
    expect(chip('kustomize-controller')).toHaveAttribute('data-ready', 'true');
    expect(chip('image-reflector-controller')).toHaveTextContent(
      'image-reflector-controller v0.33.0 0/1',
    );
    expect(chip('image-reflector-controller')).toHaveAttribute(
      'data-ready',
      'false',
    );
    expect(controllers).toHaveTextContent('1 not ready');
  });

  it('counts the objects per state, with a bar, and lists what needs attention first', async () => {
    renderContent(mockApi());

    const counts = await screen.findByRole('group', {
      name: 'Objects per state',
    });
    expect(
      Array.from(counts.querySelectorAll('[data-state-count]')).map(
        c => c.textContent,
      ),
    ).toEqual(['ready 8', 'progressing 1', 'failed 1', 'suspended 1']);
    expect(
      screen.getByRole('img', {
        name: '8 ready, 1 progressing, 1 failed, 1 suspended',
      }),
    ).toBeInTheDocument();

    expect(rowKeys().slice(0, 3)).toEqual([
      'dev-cluster/Kustomization/flux-system/infrastructure',
      'dev-cluster/Kustomization/flux-system/apps-canary',
      'dev-cluster/Kustomization/flux-system/orders-hotfix',
    ]);
    const failed = bodyRows()[0] as HTMLElement;
    expect(
      within(failed).getByText('failed: HealthCheckFailed'),
    ).toBeInTheDocument();
    expect(
      within(failed).getByText(/^health check failed after 5m0s/),
    ).toBeInTheDocument();
    expect(within(failed).getByText('GitRepository')).toBeInTheDocument();
    expect(within(failed).getByText('every 10m0s')).toBeInTheDocument();
    const suspended = bodyRows()[2] as HTMLElement;
    expect(suspended.querySelector('[data-suspended]')).toHaveTextContent(
      'suspended',
    );
  });

  it('filters by kind, by state (the count chips) and by text', async () => {
    const user = userEvent.setup();
    renderContent(mockApi());
    await screen.findByRole('table', { name: 'Flux objects' });
    expect(bodyRows()).toHaveLength(11);

    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Kind' }),
      'HelmRelease',
    );
    expect(rowKeys()).toEqual(['dev-cluster/HelmRelease/shop/orders-service']);
    expect(screen.getByText('1 object shown of 11')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await user.click(screen.getByRole('button', { name: 'failed 1' }));
    expect(screen.getByRole('button', { name: 'failed 1' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(rowKeys()).toEqual([
      'dev-cluster/Kustomization/flux-system/infrastructure',
    ]);
    await user.click(screen.getByRole('button', { name: 'suspended 1' }));
    expect(rowKeys()).toEqual([
      'dev-cluster/Kustomization/flux-system/infrastructure',
      'dev-cluster/Kustomization/flux-system/orders-hotfix',
    ]);

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await user.type(
      screen.getByRole('textbox', { name: 'Search' }),
      'orbital-charts',
    );
    expect(rowKeys()).toEqual([
      'dev-cluster/HelmRelease/shop/orders-service',
      'dev-cluster/HelmRepository/shop/orbital-charts',
      'dev-cluster/HelmChart/shop/shop-orders-service',
    ]);
    await user.clear(screen.getByRole('textbox', { name: 'Search' }));
    await user.type(
      screen.getByRole('textbox', { name: 'Search' }),
      'no-such-thing',
    );
    expect(
      screen.getByText('No object matches the filters.'),
    ).toBeInTheDocument();
  });

  it('pages 500 objects: renders one page, pages on, and searches all of them', async () => {
    const user = userEvent.setup();
    const response: FluxClusterViewResponse = {
      ...clusterViewResponse,
      items: generateClusterObjects(500),
      errors: [],
    };
    renderContent(mockApi({ getClusterView: async () => response }));

    await screen.findByRole('table', { name: 'Flux objects' });
    expect(screen.getByText('500 objects')).toBeInTheDocument();
    expect(bodyRows()).toHaveLength(25);
    expect(
      screen.getByRole('img', { name: '440 ready, 40 failed, 20 suspended' }),
    ).toBeInTheDocument();
    // Failures first.
    expect(bodyRows()[0]).toHaveTextContent('failed: ReconciliationFailed');
    expect(screen.getByText('1-25 of 500')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(screen.getByText('26-50 of 500')).toBeInTheDocument();
    expect(bodyRows()).toHaveLength(25);

    await user.type(screen.getByRole('textbox', { name: 'Search' }), 'app-499');
    // A new filter starts on its first page.
    expect(rowKeys()).toEqual(['dev-cluster/HelmChart/team-2/app-499']);

    await user.clear(screen.getByRole('textbox', { name: 'Search' }));
    await user.click(screen.getByRole('button', { name: 'failed 40' }));
    expect(screen.getByText('40 objects shown of 500')).toBeInTheDocument();
    expect(screen.getByText('1-25 of 40')).toBeInTheDocument();
  });

  it('acts on an object with the permission of the cluster entity, then reads the cluster again', async () => {
    const user = userEvent.setup();
    const api = mockApi();
    const { requests } = renderContent(api);
    await screen.findByRole('table', { name: 'Flux objects' });

    await user.click(
      screen.getByRole('button', {
        name: 'Actions for Kustomization flux-system/infrastructure on dev-cluster',
      }),
    );
    const reconcile = await screen.findByRole('menuitem', {
      name: /^Reconcile/,
    });
    await waitFor(() =>
      expect(reconcile).not.toHaveAttribute('aria-disabled', 'true'),
    );
    await user.click(reconcile);

    await waitFor(() => expect(api.runAction).toHaveBeenCalledTimes(1));
    expect(api.runAction).toHaveBeenCalledWith(
      { kind: 'Resource', namespace: 'default', name: 'dev-cluster' },
      'reconcile',
      {
        cluster: 'dev-cluster',
        kind: 'Kustomization',
        namespace: 'flux-system',
        name: 'infrastructure',
      },
    );
    expect(requests).toContainEqual({
      permission: 'flux.reconcile',
      resourceRef: CLUSTER_ENTITY_REF,
    });
    await waitFor(() => expect(api.getClusterView).toHaveBeenCalledTimes(2));
    expect(api.getClusterView).toHaveBeenLastCalledWith(expect.anything(), {
      refresh: true,
    });
  });

  it('lists what could not be read on the cluster beside the rest', async () => {
    renderContent(mockApi());
    expect(await screen.findByTestId('cluster-errors')).toHaveTextContent(
      'dev-cluster (Bucket): NO_SERVED_VERSION The cluster serves none of',
    );
    expect(bodyRows().length).toBeGreaterThan(0);
  });

  it('says when Flux is not installed', async () => {
    renderContent(
      mockApi({
        getClusterView: async () => ({
          ...clusterViewResponse,
          controllers: [],
          items: [],
          errors: [],
        }),
      }),
    );
    expect(
      await screen.findByText(
        /No Flux controllers found in the Flux namespace/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No Flux objects on this cluster.'),
    ).toBeInTheDocument();
  });

  it('does not read anything for an entity that is not a cluster', async () => {
    const api = mockApi();
    renderContent(api, serviceEntity);
    expect(
      await screen.findByText('Not a Kubernetes cluster'),
    ).toBeInTheDocument();
    expect(api.getClusterView).not.toHaveBeenCalled();
  });
});
