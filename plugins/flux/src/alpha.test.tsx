import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  registerMswTestHooks,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { fluxApiRef } from './api';
import {
  clusterEntity,
  clusterViewResponse,
  deploymentsResponse,
  entityWith,
  objectsResponse,
  plainEntity,
  serviceEntity,
} from './__fixtures__/flux';
import plugin, {
  fluxApi,
  fluxClusterEntityContent,
  fluxDeploymentsEntityCard,
  fluxDeploymentsEntityContent,
  fluxImageAutomationEntityCard,
  fluxSourcesEntityCard,
} from './alpha';

const api = {
  getEntityObjects: jest.fn(async () => objectsResponse),
  getDeployments: jest.fn(async () => deploymentsResponse),
  getClusterView: jest.fn(async () => clusterViewResponse),
  runAction: jest.fn(),
};
const apis = [
  [fluxApiRef, api],
  mockApis.permission(),
  mockApis.alert(),
] as const;

/** A cluster that also labels itself, as some do: it still gets the Flux tab, not Deployments. */
const labelledCluster = {
  ...clusterEntity,
  metadata: {
    ...clusterEntity.metadata,
    annotations: { 'backstage.io/kubernetes-id': 'dev-cluster' },
  },
};
const labelOnly = entityWith({
  'backstage.io/kubernetes-label-selector': 'app.kubernetes.io/name=orders',
});
const kustomizationsOnlySystem = {
  ...entityWith({
    'platform-portal.io/flux-kustomizations': 'flux-system/apps',
  }),
  kind: 'System',
  spec: { owner: 'team-shop' },
};
const otherResource = {
  ...clusterEntity,
  spec: { type: 'database', owner: 'team-shop' },
};

describe('flux plugin (new frontend system)', () => {
  beforeEach(() => jest.clearAllMocks());

  it('provides the API, two tabs and three cards under the documented ids', () => {
    expect(plugin.id).toBe('flux');
    // getExtension throws for an id the plugin does not have.
    expect(plugin.getExtension('api:flux')).toMatchObject({ kind: 'api' });
    expect(
      plugin.getExtension('entity-content:flux/deployments'),
    ).toMatchObject({
      kind: 'entity-content',
      name: 'deployments',
    });
    expect(plugin.getExtension('entity-content:flux/cluster')).toMatchObject({
      kind: 'entity-content',
      name: 'cluster',
    });
    expect(plugin.getExtension('entity-card:flux/deployments')).toMatchObject({
      kind: 'entity-card',
      name: 'deployments',
    });
    expect(plugin.getExtension('entity-card:flux/sources')).toMatchObject({
      kind: 'entity-card',
      name: 'sources',
    });
    expect(
      plugin.getExtension('entity-card:flux/image-automation'),
    ).toMatchObject({
      kind: 'entity-card',
      name: 'image-automation',
    });
  });

  it('disables the sources and image automation cards by default: the Deployments tab shows them', () => {
    expect(fluxSourcesEntityCard).toMatchObject({ disabled: true });
    expect(fluxImageAutomationEntityCard).toMatchObject({ disabled: true });
    expect(fluxDeploymentsEntityCard).toMatchObject({ disabled: false });
    expect(fluxDeploymentsEntityContent).toMatchObject({ disabled: false });
    expect(fluxClusterEntityContent).toMatchObject({ disabled: false });
  });

  describe('Deployments tab', () => {
    const tester = createExtensionTester(fluxDeploymentsEntityContent);
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;

    it('is a tab of its own, Deployments, at <entity>/deployments', () => {
      expect(tester.get(coreExtensionData.routePath)).toBe('/deployments');
      expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
        'Deployments',
      );
    });

    it('shows for an entity declaring workloads or Kustomizations, whatever its kind', () => {
      expect(filter(serviceEntity)).toBe(true);
      expect(filter(labelOnly)).toBe(true);
      expect(filter(kustomizationsOnlySystem)).toBe(true);
    });

    it('hides for an entity without the annotations, and for clusters', () => {
      expect(filter(plainEntity)).toBe(false);
      expect(
        filter(
          entityWith({ 'platform-portal.io/flux-kustomizations': 'not a ref' }),
        ),
      ).toBe(false);
      expect(filter(labelledCluster)).toBe(false);
    });
  });

  describe('cluster tab', () => {
    const tester = createExtensionTester(fluxClusterEntityContent);
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;

    it('is the Flux tab at <entity>/flux, only for kubernetes-cluster Resources', () => {
      expect(tester.get(coreExtensionData.routePath)).toBe('/flux');
      expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Flux');
      expect(filter(clusterEntity)).toBe(true);
      expect(filter(labelledCluster)).toBe(true);
      expect(filter(otherResource)).toBe(false);
      expect(filter(serviceEntity)).toBe(false);
      expect(
        filter({ ...serviceEntity, spec: { type: 'kubernetes-cluster' } }),
      ).toBe(false);
    });
  });

  describe('cards', () => {
    it('are content cards, shown for entities that declare Flux objects', () => {
      for (const tester of [
        createExtensionTester(fluxDeploymentsEntityCard),
        createExtensionTester(
          fluxSourcesEntityCard.override({ disabled: false }),
        ),
        createExtensionTester(
          fluxImageAutomationEntityCard.override({ disabled: false }),
        ),
      ]) {
        expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('content');
        const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
        expect(filter(serviceEntity)).toBe(true);
        expect(filter(plainEntity)).toBe(false);
      }
    });
  });

  describe('on an entity page', () => {
    it('renders the Deployments tab for a service', async () => {
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: serviceEntity }),
          fluxDeploymentsEntityContent,
        ],
        apis: [...apis],
      });

      expect(
        await screen.findByRole('heading', { name: 'What runs where' }),
      ).toBeInTheDocument();
      expect(await screen.findByText('4 workloads')).toBeInTheDocument();
      expect(api.getDeployments).toHaveBeenCalledWith(
        { kind: 'Component', namespace: 'default', name: 'orders-service' },
        { refresh: false },
      );
    });

    it('does not render the Deployments tab for a cluster, even one carrying a kubernetes-id', async () => {
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: labelledCluster }),
          fluxDeploymentsEntityContent,
        ],
        apis: [...apis],
      });
      expect(
        await screen.findByTestId('empty-entity-page'),
      ).toBeInTheDocument();
      expect(api.getDeployments).not.toHaveBeenCalled();
    });

    it('renders neither the Deployments tab nor the card for an entity without annotations', async () => {
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: plainEntity }),
          fluxDeploymentsEntityContent,
          fluxDeploymentsEntityCard,
        ],
        apis: [...apis],
      });
      expect(
        await screen.findByTestId('empty-entity-page'),
      ).toBeInTheDocument();
      expect(api.getDeployments).not.toHaveBeenCalled();
      expect(api.getEntityObjects).not.toHaveBeenCalled();
    });

    it('renders the Flux tab for a cluster', async () => {
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: clusterEntity }),
          fluxClusterEntityContent,
        ],
        apis: [...apis],
      });

      expect(
        await screen.findByRole('heading', { name: 'Flux controllers' }),
      ).toBeInTheDocument();
      expect(api.getClusterView).toHaveBeenCalledWith(
        { kind: 'Resource', namespace: 'default', name: 'dev-cluster' },
        { refresh: false },
      );
    });

    it('does not render the Flux tab for another kind', async () => {
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: serviceEntity }),
          fluxClusterEntityContent,
        ],
        apis: [...apis],
      });
      expect(
        await screen.findByTestId('empty-entity-page'),
      ).toBeInTheDocument();
      expect(api.getClusterView).not.toHaveBeenCalled();
    });

    it('does not render the Flux tab for a Resource of another type', async () => {
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: otherResource }),
          fluxClusterEntityContent,
        ],
        apis: [...apis],
      });
      expect(
        await screen.findByTestId('empty-entity-page'),
      ).toBeInTheDocument();
      expect(api.getClusterView).not.toHaveBeenCalled();
    });

    // The plugin as the app installs it; the tabs are turned off so that only cards render.
    const baseConfig = {
      app: { baseUrl: 'http://localhost:3000' },
      backend: { baseUrl: 'http://localhost:7007' },
    };
    const noTabs = [
      { 'entity-content:flux/deployments': false },
      { 'entity-content:flux/cluster': false },
    ];

    it('renders the deployments card on the overview, and not the cards disabled by default', async () => {
      renderTestApp({
        extensions: [createTestEntityPage({ entity: serviceEntity })],
        features: [plugin],
        apis: [...apis],
        config: {
          ...baseConfig,
          app: { ...baseConfig.app, extensions: noTabs },
        },
      });

      expect(await screen.findByText('Flux deployments')).toBeInTheDocument();
      expect(
        await screen.findByText('failed: BuildFailed'),
      ).toBeInTheDocument();
      expect(screen.queryByText('Flux sources')).not.toBeInTheDocument();
      expect(
        screen.queryByText('Flux image automation'),
      ).not.toBeInTheDocument();
    });

    it('renders the sources and image automation cards once enabled in app config', async () => {
      renderTestApp({
        extensions: [createTestEntityPage({ entity: serviceEntity })],
        features: [plugin],
        apis: [...apis],
        config: {
          ...baseConfig,
          app: {
            ...baseConfig.app,
            extensions: [
              ...noTabs,
              { 'entity-card:flux/deployments': false },
              { 'entity-card:flux/sources': true },
              { 'entity-card:flux/image-automation': true },
            ],
          },
        },
      });

      expect(await screen.findByText('Flux sources')).toBeInTheDocument();
      expect(
        await screen.findByText('Flux image automation'),
      ).toBeInTheDocument();
      expect(screen.queryByText('Flux deployments')).not.toBeInTheDocument();
    });
  });

  describe('api', () => {
    const server = setupServer();
    registerMswTestHooks(server);

    it('wires the client to the app: the tab reads from the backend through discovery and fetch', async () => {
      server.use(
        http.get(
          'http://backstage.test/api/flux/entity/Component/default/orders-service/deployments',
          () => HttpResponse.json(deploymentsResponse),
        ),
        http.get(
          'http://backstage.test/api/flux/entity/Component/default/orders-service/objects',
          () => HttpResponse.json(objectsResponse),
        ),
      );
      // No API override: the ApiBlueprint's factory builds the real client.
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: serviceEntity }),
          fluxDeploymentsEntityContent,
          fluxApi,
        ],
        apis: [mockApis.permission(), mockApis.alert()],
        config: { backend: { baseUrl: 'http://backstage.test' } },
      });

      expect(await screen.findByText('4 workloads')).toBeInTheDocument();
      expect(
        await screen.findByText('Flux image automation'),
      ).toBeInTheDocument();
    });
  });
});
