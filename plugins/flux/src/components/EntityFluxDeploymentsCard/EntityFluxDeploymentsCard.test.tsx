import { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FluxApi, fluxApiRef } from '../../api';
import {
  BUILD_FAILED_MESSAGE,
  commitUrl,
  emptyObjectsResponse,
  ksAppsStaging,
  objectsResponse,
  plainEntity,
  serviceEntity,
  SHA_NEW,
  SHA_OLD,
} from '../../__fixtures__/flux';
import { EntityFluxDeploymentsCard } from './EntityFluxDeploymentsCard';

function mockApi(overrides: Partial<FluxApi> = {}): jest.Mocked<FluxApi> {
  return {
    getEntityObjects: jest.fn(
      overrides.getEntityObjects ?? (async () => objectsResponse),
    ),
    getDeployments: jest.fn(),
    getClusterView: jest.fn(),
    runAction: jest.fn(overrides.runAction),
  };
}

function renderCard(api: FluxApi, entity: Entity = serviceEntity) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityFluxDeploymentsCard />
    </EntityProvider>,
    {
      apis: [[fluxApiRef, api], mockApis.permission(), mockApis.alert()],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

/** The card's row of an object; throws until it is there, so that `waitFor` waits for it. */
function row(key: string): HTMLElement {
  const element = document.querySelector(`[data-object="${key}"]`);
  if (!element) throw new Error(`No row for ${key}`);
  return element as HTMLElement;
}

const rowKeys = () =>
  Array.from(document.querySelectorAll('[data-object]')).map(e =>
    e.getAttribute('data-object'),
  );

describe('EntityFluxDeploymentsCard', () => {
  it('lists the Kustomizations and HelmReleases of every cluster in environment order', async () => {
    const api = mockApi();
    renderCard(api);

    await waitFor(() => row('dev-cluster/Kustomization/flux-system/apps'));
    expect(rowKeys()).toEqual([
      'dev-cluster/Kustomization/flux-system/apps',
      'dev-cluster/Kustomization/flux-system/shop',
      'dev-cluster/HelmRelease/shop/orders-service',
      'staging-cluster/Kustomization/flux-system/apps',
      'staging-cluster/Kustomization/flux-system/apps-canary',
      'prod-cluster/Kustomization/flux-system/apps',
      'prod-cluster/Kustomization/flux-system/orders-hotfix',
      'prod-cluster/HelmRelease/shop/orders-service',
    ]);
    // Sources and image automation are the other cards'.
    expect(screen.queryByText('GitRepository')).not.toBeInTheDocument();
    expect(api.getEntityObjects).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'orders-service' },
      { refresh: false },
    );

    const dev = row('dev-cluster/Kustomization/flux-system/apps');
    expect(within(dev).getByText('dev')).toBeInTheDocument();
    expect(
      within(dev).getByRole('link', { name: 'dev-cluster' }),
    ).toHaveAttribute('href', '/catalog/default/resource/dev-cluster');
    expect(within(dev).getByText('./apps/dev')).toBeInTheDocument();
    expect(within(dev).getByText('ready')).toBeInTheDocument();
    // The GitRepository was read too: the revision links to its commit.
    expect(
      within(dev).getByRole('link', { name: /^main@5c2d3e4/ }),
    ).toHaveAttribute('href', commitUrl(SHA_NEW));
    expect(within(dev).getByText('2 hours ago')).toBeInTheDocument();
  });

  it('shows a failed build with its reason and message, the revision still applied and the one attempted', async () => {
    renderCard(mockApi());

    const staging = await waitFor(() =>
      row('staging-cluster/Kustomization/flux-system/apps'),
    );
    expect(
      within(staging).getByText('failed: BuildFailed'),
    ).toBeInTheDocument();
    expect(within(staging).getByText(BUILD_FAILED_MESSAGE)).toBeInTheDocument();
    expect(
      within(staging).getByRole('link', { name: /^main@1f2e3d4/ }),
    ).toHaveAttribute('href', commitUrl(SHA_OLD));
    expect(within(staging).getByText('attempted')).toBeInTheDocument();
    expect(
      within(staging).getByRole('link', { name: /^main@5c2d3e4/ }),
    ).toHaveAttribute('href', commitUrl(SHA_NEW));
  });

  it('marks the stale and the suspended ones', async () => {
    renderCard(mockApi());

    const canary = await waitFor(() =>
      row('staging-cluster/Kustomization/flux-system/apps-canary'),
    );
    expect(
      within(canary).getByText('progressing: NotObserved'),
    ).toBeInTheDocument();
    expect(within(canary).getByText('stale')).toBeInTheDocument();
    const hotfix = row('prod-cluster/Kustomization/flux-system/orders-hotfix');
    expect(
      within(hotfix).getByText('suspended').closest('[data-state]'),
    ).toHaveAttribute('data-state', 'suspended');
    expect(within(hotfix).queryByText('stale')).not.toBeInTheDocument();
  });

  it("shows a HelmRelease's chart and latest release, and what still runs when it failed", async () => {
    renderCard(mockApi());

    const dev = await waitFor(() =>
      row('dev-cluster/HelmRelease/shop/orders-service'),
    );
    expect(
      within(dev).getByText('chart orders-service 1.4.x'),
    ).toBeInTheDocument();
    expect(within(dev).getByText('1.4.3')).toBeInTheDocument();
    expect(within(dev).getByText('app 1.4.3')).toBeInTheDocument();
    expect(within(dev).getByText('deployed')).toBeInTheDocument();
    expect(
      within(dev).getByText('ready: UpgradeSucceeded'),
    ).toBeInTheDocument();

    const prod = row('prod-cluster/HelmRelease/shop/orders-service');
    expect(within(prod).getByText('failed: UpgradeFailed')).toBeInTheDocument();
    expect(
      within(prod).getByText('failed', { selector: '[data-helm-status]' }),
    ).toBeInTheDocument();
    expect(
      within(prod).getByText('still running 1.4.2 (app 1.4.2)'),
    ).toBeInTheDocument();
  });

  it("lists the clusters that could not be read, only with this card's kinds, beside the others' objects", async () => {
    renderCard(mockApi());

    const errors = await screen.findByTestId('cluster-errors');
    expect(errors).toHaveTextContent('Could not read 1 cluster');
    expect(errors).toHaveTextContent(
      'sandbox-cluster: TIMEOUT The cluster did not answer within 10 seconds',
    );
    // The ImageRepository error of staging is the image automation card's.
    expect(errors).not.toHaveTextContent('FORBIDDEN');
    expect(
      row('staging-cluster/Kustomization/flux-system/apps'),
    ).toBeInTheDocument();
  });

  it("shows a Kustomization the entity only shares read-only, pointing to the cluster's Flux tab", async () => {
    const user = userEvent.setup();
    const api = mockApi();
    renderCard(api);

    const shop = await waitFor(() =>
      row('dev-cluster/Kustomization/flux-system/shop'),
    );
    await user.click(
      within(shop).getByRole('button', {
        name: 'Actions for Kustomization flux-system/shop on dev-cluster',
      }),
    );
    expect(
      await screen.findByRole('menuitem', { name: /^Read-only here/ }),
    ).toHaveAttribute('aria-disabled', 'true');
    expect(
      screen.getByRole('menuitem', {
        name: "Act on it from dev-cluster's Flux tab",
      }),
    ).toHaveAttribute('href', '/catalog/default/resource/dev-cluster/flux');
    expect(
      screen.queryByRole('menuitem', { name: /^Reconcile/ }),
    ).not.toBeInTheDocument();
  });

  it('says what it looked for when nothing was found', async () => {
    renderCard(mockApi({ getEntityObjects: async () => emptyObjectsResponse }));

    expect(
      await screen.findByText(
        'No Kustomizations or HelmReleases found on 3 clusters.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('backstage.io/kubernetes-id=orders-service'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'platform-portal.io/flux-kustomizations: flux-system/apps',
      ),
    ).toBeInTheDocument();
  });

  it('tells which annotations to add when the entity declares nothing, without calling the backend', async () => {
    const api = mockApi();
    renderCard(api, plainEntity);

    expect(
      await screen.findByText('No Flux objects declared'),
    ).toBeInTheDocument();
    expect(api.getEntityObjects).not.toHaveBeenCalled();
  });

  it('shows a failed read with a way to try again', async () => {
    const user = userEvent.setup();
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'NotAllowedError',
            message: 'Permission flux.read denied',
          },
          request: { method: 'GET', url: '/' },
          response: { statusCode: 403 },
        }),
        { status: 403, headers: { 'content-type': 'application/json' } },
      ),
    );
    const api = mockApi({
      getEntityObjects: jest
        .fn()
        .mockRejectedValueOnce(error)
        .mockResolvedValue(objectsResponse),
    });
    renderCard(api);

    expect(
      await screen.findByText('Permission flux.read denied'),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => row('dev-cluster/Kustomization/flux-system/apps'));
    expect(api.getEntityObjects).toHaveBeenLastCalledWith(expect.anything(), {
      refresh: true,
    });
  });

  it('shows the object an action returned at once, then reads everything again past the cache', async () => {
    const user = userEvent.setup();
    const reconciled = {
      ...ksAppsStaging,
      status: {
        ...ksAppsStaging.status,
        state: 'ready' as const,
        reason: 'ReconciliationSucceeded',
      },
      lastAppliedRevision: `main@sha1:${SHA_NEW}`,
    };
    let resolveRefresh: (v: typeof objectsResponse) => void = () => {};
    const api = mockApi({
      getEntityObjects: jest
        .fn()
        .mockResolvedValueOnce(objectsResponse)
        .mockImplementation(() => new Promise(r => (resolveRefresh = r))),
      runAction: async () => ({
        action: 'reconcile',
        handled: true,
        object: reconciled,
      }),
    });
    renderCard(api);

    const staging = await waitFor(() =>
      row('staging-cluster/Kustomization/flux-system/apps'),
    );
    await user.click(
      within(staging).getByRole('button', {
        name: 'Actions for Kustomization flux-system/apps on staging-cluster',
      }),
    );
    const reconcile = await screen.findByRole('menuitem', {
      name: /^Reconcile/,
    });
    await waitFor(() =>
      expect(reconcile).not.toHaveAttribute('aria-disabled', 'true'),
    );
    await user.click(reconcile);

    await waitFor(() =>
      expect(
        within(row('staging-cluster/Kustomization/flux-system/apps')).getByText(
          'ready',
        ),
      ).toBeInTheDocument(),
    );
    expect(api.getEntityObjects).toHaveBeenCalledTimes(2);
    expect(api.getEntityObjects).toHaveBeenLastCalledWith(expect.anything(), {
      refresh: true,
    });
    resolveRefresh(objectsResponse);
  });
});
