import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  FluxActionResponse,
  FluxObjectSummary,
} from '@platform-portal/plugin-flux-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FluxApi, fluxApiRef } from '../../api';
import {
  gitFleetDev,
  ksAppsDev,
  ksAppsStaging,
  ksHotfixProd,
  ksShopDev,
} from '../../__fixtures__/flux';
import { FluxActionsMenu } from './FluxActionsMenu';

// usePermission caches answers per resource for the whole file: each test gets its own entity,
// so that one test's "allowed" is not another's.
let ENTITY = {
  kind: 'Component',
  namespace: 'default',
  name: 'orders-service',
};
let entityCount = 0;
beforeEach(() => {
  entityCount++;
  ENTITY = { ...ENTITY, name: `orders-service-${entityCount}` };
});

function mockApi(
  runAction: FluxApi['runAction'] = async (_ref, action, target) => ({
    action,
    handled: true,
    object: { ...ksAppsDev, ...target } as FluxObjectSummary,
  }),
): jest.Mocked<FluxApi> {
  return {
    getEntityObjects: jest.fn(),
    getDeployments: jest.fn(),
    getClusterView: jest.fn(),
    runAction: jest.fn(runAction),
  };
}

function renderMenu(options: {
  object?: FluxObjectSummary;
  api?: FluxApi;
  allow?: string[];
  onDone?: (response: FluxActionResponse) => void;
  clusterEntityRef?: string;
}) {
  const {
    object = ksAppsDev,
    api = mockApi(),
    allow,
    onDone,
    clusterEntityRef,
  } = options;
  const requests: Array<{ permission: string; resourceRef?: string }> = [];
  const permissionApi = mockApis.permission({
    authorize: request => {
      requests.push({
        permission: request.permission.name,
        resourceRef: (request as { resourceRef?: string }).resourceRef,
      });
      return !allow || allow.includes(request.permission.name)
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY;
    },
  });
  const alertApi = mockApis.alert();
  renderInTestApp(
    <FluxActionsMenu
      object={object}
      entityRef={ENTITY}
      clusterEntityRef={clusterEntityRef}
      onDone={onDone}
    />,
    {
      apis: [[fluxApiRef, api], permissionApi, alertApi],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return { alertApi, requests };
}

const openMenu = async (
  user: ReturnType<typeof userEvent.setup>,
  name: string,
) => user.click(screen.getByRole('button', { name: `Actions for ${name}` }));

const item = (name: RegExp) => screen.getByRole('menuitem', { name });

describe('FluxActionsMenu', () => {
  it('reconciles when allowed: calls the API with the object, reports and hands back the result', async () => {
    const user = userEvent.setup();
    const api = mockApi();
    const onDone = jest.fn();
    const { alertApi, requests } = renderMenu({ api, onDone });

    await openMenu(user, 'Kustomization flux-system/apps on dev-cluster');
    await waitFor(() =>
      expect(item(/^Reconcile/)).not.toHaveAttribute('aria-disabled', 'true'),
    );
    await user.click(item(/^Reconcile/));

    await waitFor(() =>
      expect(alertApi.getAlerts()).toEqual([
        expect.objectContaining({
          message: 'Reconciled kustomization flux-system/apps on dev-cluster',
          severity: 'success',
        }),
      ]),
    );
    expect(api.runAction).toHaveBeenCalledWith(ENTITY, 'reconcile', {
      cluster: 'dev-cluster',
      kind: 'Kustomization',
      namespace: 'flux-system',
      name: 'apps',
    });
    expect(onDone).toHaveBeenCalledWith(
      expect.objectContaining({ action: 'reconcile', handled: true }),
    );
    // The permission is decided on the entity the object was listed for.
    expect(requests).toEqual(
      expect.arrayContaining([
        {
          permission: 'flux.reconcile',
          resourceRef: `component:default/${ENTITY.name}`,
        },
        {
          permission: 'flux.suspend',
          resourceRef: `component:default/${ENTITY.name}`,
        },
      ]),
    );
  });

  it('says when the controller has not handled the reconcile yet', async () => {
    const user = userEvent.setup();
    const { alertApi } = renderMenu({
      api: mockApi(async () => ({
        action: 'reconcile',
        handled: false,
        requestedAt: '2026-11-24T10:00:00Z',
        object: ksAppsDev,
      })),
    });

    await openMenu(user, 'Kustomization flux-system/apps on dev-cluster');
    await waitFor(() =>
      expect(item(/^Reconcile/)).not.toHaveAttribute('aria-disabled', 'true'),
    );
    await user.click(item(/^Reconcile/));

    await waitFor(() =>
      expect(alertApi.getAlerts()[0]).toMatchObject({
        message:
          'Reconcile of kustomization flux-system/apps on dev-cluster requested; the controller has not handled it yet',
        severity: 'info',
      }),
    );
  });

  it('warns when a handled reconcile failed again', async () => {
    const user = userEvent.setup();
    const { alertApi } = renderMenu({
      object: ksAppsStaging,
      api: mockApi(async () => ({
        action: 'reconcile',
        handled: true,
        object: ksAppsStaging,
      })),
    });

    await openMenu(user, 'Kustomization flux-system/apps on staging-cluster');
    await waitFor(() =>
      expect(item(/^Reconcile/)).not.toHaveAttribute('aria-disabled', 'true'),
    );
    await user.click(item(/^Reconcile/));

    await waitFor(() =>
      expect(alertApi.getAlerts()[0]).toMatchObject({
        message:
          'Reconciled kustomization flux-system/apps on staging-cluster, and it is failed: BuildFailed',
        severity: 'warning',
      }),
    );
  });

  it('disables what the policy denies, and says so', async () => {
    const user = userEvent.setup();
    const api = mockApi();
    renderMenu({ api, allow: ['flux.reconcile'] });

    await openMenu(user, 'Kustomization flux-system/apps on dev-cluster');
    await waitFor(() =>
      expect(item(/^Suspend/)).toHaveAttribute('aria-disabled', 'true'),
    );
    expect(
      within(item(/^Suspend/)).getByText('not permitted'),
    ).toBeInTheDocument();
    expect(item(/^Reconcile/)).not.toHaveAttribute('aria-disabled', 'true');
    expect(
      screen.queryByRole('menuitem', { name: /^Resume/ }),
    ).not.toBeInTheDocument();
    expect(api.runAction).not.toHaveBeenCalled();
  });

  it('disables everything when nothing is allowed', async () => {
    const user = userEvent.setup();
    renderMenu({ allow: [] });
    await openMenu(user, 'Kustomization flux-system/apps on dev-cluster');
    await waitFor(() =>
      expect(item(/^Reconcile/)).toHaveAttribute('aria-disabled', 'true'),
    );
    expect(item(/^Suspend/)).toHaveAttribute('aria-disabled', 'true');
  });

  it('asks before suspending, and does nothing on Cancel', async () => {
    const user = userEvent.setup();
    const api = mockApi(async () => ({
      action: 'suspend',
      object: { ...ksAppsDev, suspended: true },
    }));
    const { alertApi } = renderMenu({ api });

    await openMenu(user, 'Kustomization flux-system/apps on dev-cluster');
    await waitFor(() =>
      expect(item(/^Suspend/)).not.toHaveAttribute('aria-disabled', 'true'),
    );
    await user.click(item(/^Suspend/));
    const dialog = await screen.findByRole('dialog', {
      name: 'Suspend Kustomization flux-system/apps?',
    });
    expect(dialog).toHaveTextContent(
      'On dev-cluster, Flux stops reconciling it until it is resumed',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.runAction).not.toHaveBeenCalled();

    await openMenu(user, 'Kustomization flux-system/apps on dev-cluster');
    await waitFor(() =>
      expect(item(/^Suspend/)).not.toHaveAttribute('aria-disabled', 'true'),
    );
    await user.click(item(/^Suspend/));
    await user.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Suspend',
      }),
    );

    await waitFor(() =>
      expect(alertApi.getAlerts()[0]).toMatchObject({
        message: 'Suspended kustomization flux-system/apps on dev-cluster',
        severity: 'success',
      }),
    );
    expect(api.runAction).toHaveBeenCalledWith(
      ENTITY,
      'suspend',
      expect.objectContaining({ name: 'apps', cluster: 'dev-cluster' }),
    );
  });

  it('offers Resume instead of Suspend on a suspended object', async () => {
    const user = userEvent.setup();
    const api = mockApi(async () => ({
      action: 'resume',
      handled: true,
      object: { ...ksHotfixProd, suspended: false, status: ksAppsDev.status },
    }));
    const { alertApi } = renderMenu({ object: ksHotfixProd, api });

    await openMenu(
      user,
      'Kustomization flux-system/orders-hotfix on prod-cluster',
    );
    expect(
      screen.queryByRole('menuitem', { name: /^Suspend/ }),
    ).not.toBeInTheDocument();
    await waitFor(() =>
      expect(item(/^Resume/)).not.toHaveAttribute('aria-disabled', 'true'),
    );
    await user.click(item(/^Resume/));

    await waitFor(() =>
      expect(alertApi.getAlerts()[0]).toMatchObject({
        message:
          'Resumed kustomization flux-system/orders-hotfix on prod-cluster',
      }),
    );
    expect(api.runAction).toHaveBeenCalledWith(
      ENTITY,
      'resume',
      expect.objectContaining({
        name: 'orders-hotfix',
        cluster: 'prod-cluster',
      }),
    );
  });

  it('reports a refusal of the backend as an error, and does not hand back anything', async () => {
    const user = userEvent.setup();
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'NotAllowedError',
            message: 'Permission flux.reconcile denied',
          },
          request: { method: 'POST', url: '/' },
          response: { statusCode: 403 },
        }),
        { status: 403, headers: { 'content-type': 'application/json' } },
      ),
    );
    const onDone = jest.fn();
    const { alertApi } = renderMenu({
      api: mockApi(async () => {
        throw error;
      }),
      onDone,
    });

    await openMenu(user, 'Kustomization flux-system/apps on dev-cluster');
    await waitFor(() =>
      expect(item(/^Reconcile/)).not.toHaveAttribute('aria-disabled', 'true'),
    );
    await user.click(item(/^Reconcile/));

    await waitFor(() =>
      expect(alertApi.getAlerts()[0]).toMatchObject({
        message:
          'Not allowed to reconcile kustomization flux-system/apps on dev-cluster: Permission flux.reconcile denied',
        severity: 'error',
      }),
    );
    expect(onDone).not.toHaveBeenCalled();
    // The menu button is back for another try.
    expect(
      await screen.findByRole('button', {
        name: 'Actions for Kustomization flux-system/apps on dev-cluster',
      }),
    ).toBeInTheDocument();
  });

  it('offers no action on an object the entity only shares, and asks no permission', async () => {
    const user = userEvent.setup();
    const api = mockApi();
    const { requests } = renderMenu({
      object: ksShopDev,
      api,
      clusterEntityRef: 'resource:default/dev-cluster',
    });

    await openMenu(user, 'Kustomization flux-system/shop on dev-cluster');
    const readOnly = await screen.findByRole('menuitem', {
      name: /^Read-only here/,
    });
    expect(readOnly).toHaveTextContent(
      'Shared: it applies other components too',
    );
    expect(
      screen.getByRole('menuitem', {
        name: "Act on it from dev-cluster's Flux tab",
      }),
    ).toHaveAttribute('href', '/catalog/default/resource/dev-cluster/flux');
    expect(
      screen.queryByRole('menuitem', { name: /^Reconcile/ }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('menuitem', { name: /^Suspend/ }),
    ).not.toBeInTheDocument();
    expect(requests).toEqual([]);
    expect(api.runAction).not.toHaveBeenCalled();
  });

  it('says a source is shared too', async () => {
    const user = userEvent.setup();
    renderMenu({ object: gitFleetDev });
    await openMenu(
      user,
      'GitRepository flux-system/flux-system on dev-cluster',
    );
    expect(
      await screen.findByRole('menuitem', { name: /^Read-only here/ }),
    ).toHaveTextContent(
      "The source of this entity's Flux objects, shared with others",
    );
    // Without the cluster's catalog entity there is nowhere to send the reader.
    expect(screen.getAllByRole('menuitem')).toHaveLength(1);
  });

  it('shows progress in place of the menu while the backend works', async () => {
    const user = userEvent.setup();
    renderMenu({ api: mockApi(() => new Promise(() => {})) });

    await openMenu(user, 'Kustomization flux-system/apps on dev-cluster');
    await waitFor(() =>
      expect(item(/^Reconcile/)).not.toHaveAttribute('aria-disabled', 'true'),
    );
    await user.click(item(/^Reconcile/));
    expect(
      await screen.findByRole('progressbar', {
        name: 'reconcile of Kustomization flux-system/apps in progress',
      }),
    ).toBeInTheDocument();
  });
});
