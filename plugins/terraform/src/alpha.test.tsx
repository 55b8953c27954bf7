import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
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
import { terraformApiRef } from './api';
import {
  entityWith,
  planDocument,
  plainEntity,
  plansResponse,
  terraformEntity,
} from './__fixtures__/plans';
import plugin, {
  terraformApi,
  terraformEntityCard,
  terraformEntityContent,
} from './alpha';

const api = {
  getPlans: jest.fn(async () => plansResponse),
  getPlan: jest.fn(async () => planDocument),
  getResource: jest.fn(),
};

const s3Entity = entityWith({
  'platform-portal.io/terraform-plans-s3': 'orbital-plans/landing-zone',
});
const localSystem = {
  ...entityWith({ 'platform-portal.io/terraform-plans-local': 'landing-zone' }),
  kind: 'System',
  spec: { owner: 'infra' },
};

describe('terraform plugin (new frontend system)', () => {
  beforeEach(() => jest.clearAllMocks());

  it('provides the API, the entity tab and the entity card under the documented ids', () => {
    expect(plugin.id).toBe('terraform');
    // getExtension throws for an id the plugin does not have.
    expect(plugin.getExtension('api:terraform')).toMatchObject({ kind: 'api' });
    expect(plugin.getExtension('entity-content:terraform/plans')).toMatchObject(
      { kind: 'entity-content', name: 'plans' },
    );
    expect(plugin.getExtension('entity-card:terraform/plans')).toMatchObject({
      kind: 'entity-card',
      name: 'plans',
    });
  });

  describe('entity tab', () => {
    const tester = createExtensionTester(terraformEntityContent);
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;

    it('is a tab of its own, Terraform, at <entity>/terraform', () => {
      expect(tester.get(coreExtensionData.routePath)).toBe('/terraform');
      expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
        'Terraform',
      );
    });

    it('shows for an entity declaring any plan source, whatever its kind', () => {
      expect(filter(terraformEntity)).toBe(true);
      expect(filter(s3Entity)).toBe(true);
      expect(filter(localSystem)).toBe(true);
    });

    it('hides for an entity without plan annotations, with empty ones, or with artifacts but no repository', () => {
      expect(filter(plainEntity)).toBe(false);
      expect(
        filter(
          entityWith({ 'platform-portal.io/terraform-workspaces': ' , ' }),
        ),
      ).toBe(false);
      expect(
        filter(
          entityWith({ 'platform-portal.io/terraform-artifacts': 'github' }),
        ),
      ).toBe(false);
    });
  });

  describe('entity card', () => {
    it('is an info card with the same filter as the tab', () => {
      const tester = createExtensionTester(terraformEntityCard);
      expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('info');
      const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
      expect(filter(terraformEntity)).toBe(true);
      expect(filter(plainEntity)).toBe(false);
    });
  });

  describe('on an entity page', () => {
    it('renders the Terraform tab for an entity with a plan source', async () => {
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: terraformEntity }),
          terraformEntityContent,
        ],
        apis: [[terraformApiRef, api]],
      });

      expect(
        await screen.findByRole('heading', { name: 'Pull requests' }),
      ).toBeInTheDocument();
      expect(api.getPlans).toHaveBeenCalledWith(
        'component:default/aws-landing-zone',
      );
    });

    it('renders the card for an entity with a plan source', async () => {
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: terraformEntity }),
          terraformEntityCard,
        ],
        apis: [[terraformApiRef, api]],
      });

      expect(await screen.findByText('Terraform plans')).toBeInTheDocument();
    });

    it('renders neither the tab nor the card for an entity without plan annotations', async () => {
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: plainEntity }),
          terraformEntityContent,
          terraformEntityCard,
        ],
        apis: [[terraformApiRef, api]],
      });

      expect(
        await screen.findByTestId('empty-entity-page'),
      ).toBeInTheDocument();
      expect(screen.queryByText('Terraform plans')).not.toBeInTheDocument();
      expect(api.getPlans).not.toHaveBeenCalled();
    });
  });

  describe('api', () => {
    const server = setupServer();
    registerMswTestHooks(server);

    it('wires the client to the app: the tab reads from the backend through discovery and fetch', async () => {
      server.use(
        http.get(
          'http://backstage.test/api/terraform/entity/component/default/aws-landing-zone/plans',
          () => HttpResponse.json(plansResponse),
        ),
        http.get(
          'http://backstage.test/api/terraform/entity/component/default/aws-landing-zone/plans/:planId',
          () => HttpResponse.json(planDocument),
        ),
      );
      // No API override: the ApiBlueprint's factory builds the real client.
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: terraformEntity }),
          terraformEntityContent,
          terraformApi,
        ],
        config: { backend: { baseUrl: 'http://backstage.test' } },
      });

      expect(
        await screen.findByRole('heading', { name: 'production' }),
      ).toBeInTheDocument();
    });
  });
});
