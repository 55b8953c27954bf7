import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  registerMswTestHooks,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import { containerImagesApiRef } from './api';
import {
  ecrEntity,
  entityWith,
  OCI_REF,
  okResponse,
  plainEntity,
} from './__fixtures__/images';
import plugin, {
  containerImagesApi,
  containerImagesEntityCard,
  containerImagesEntityContent,
} from './alpha';

const api = {
  getEntityImages: jest.fn(async () => okResponse),
  getFindings: jest.fn(),
};

const ociEntity = entityWith({
  'platform-portal.io/oci-repositories': OCI_REF,
});
const systemWithRepository = {
  ...ecrEntity,
  kind: 'System',
  spec: { owner: 'team-shop' },
};

describe('container-images plugin (new frontend system)', () => {
  beforeEach(() => jest.clearAllMocks());

  it('provides the API, the entity card and the entity tab under the documented ids', () => {
    expect(plugin.id).toBe('container-images');
    // getExtension throws for an id the plugin does not have.
    expect(plugin.getExtension('api:container-images')).toMatchObject({
      kind: 'api',
    });
    expect(
      plugin.getExtension('entity-card:container-images/images'),
    ).toMatchObject({ kind: 'entity-card', name: 'images' });
    expect(
      plugin.getExtension('entity-content:container-images/images'),
    ).toMatchObject({ kind: 'entity-content', name: 'images' });
  });

  describe('entity card filter', () => {
    const filter = createExtensionTester(containerImagesEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;

    it('is an info card, placed beside About', () => {
      expect(
        createExtensionTester(containerImagesEntityCard).get(
          EntityCardBlueprint.dataRefs.type,
        ),
      ).toBe('info');
    });

    it('shows the card for an entity declaring an ECR or an OCI repository, whatever its kind', () => {
      expect(filter(ecrEntity)).toBe(true);
      expect(filter(ociEntity)).toBe(true);
      expect(filter(systemWithRepository)).toBe(true);
    });

    it('hides the card for an entity without the annotations, or with empty ones', () => {
      expect(filter(plainEntity)).toBe(false);
      expect(
        filter(entityWith({ 'platform-portal.io/ecr-repositories': ' , ' })),
      ).toBe(false);
    });
  });

  describe('entity tab', () => {
    const tester = createExtensionTester(containerImagesEntityContent);

    it('is a tab of its own, Images, at <entity>/images', () => {
      expect(tester.get(coreExtensionData.routePath)).toBe('/images');
      expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Images');
      expect(
        tester.get(EntityContentBlueprint.dataRefs.group),
      ).toBeUndefined();
    });

    it('has the same filter as the card', () => {
      const filter = tester.get(
        EntityContentBlueprint.dataRefs.filterFunction,
      )!;
      expect(filter(ecrEntity)).toBe(true);
      expect(filter(ociEntity)).toBe(true);
      expect(filter(plainEntity)).toBe(false);
    });
  });

  describe('on an entity page', () => {
    it('renders the card for an entity with a repository', async () => {
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: ecrEntity }),
          containerImagesEntityCard,
        ],
        apis: [[containerImagesApiRef, api]],
      });

      expect(await screen.findByText('Container images')).toBeInTheDocument();
      expect(await screen.findByText('Latest stable')).toBeInTheDocument();
      expect(api.getEntityImages).toHaveBeenCalledWith(
        'component:default/orders-service',
        { refresh: false, limit: 0 },
      );
    });

    it('renders the Images tab for an entity with a repository', async () => {
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: ecrEntity }),
          containerImagesEntityContent,
        ],
        apis: [[containerImagesApiRef, api]],
      });

      expect(await screen.findByText('mutable tags')).toBeInTheDocument();
      expect(await screen.findByRole('table')).toBeInTheDocument();
    });

    it('does not render the card or the tab for an entity without the annotations', async () => {
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: plainEntity }),
          containerImagesEntityCard,
          containerImagesEntityContent,
        ],
        apis: [[containerImagesApiRef, api]],
      });

      expect(
        await screen.findByTestId('empty-entity-page'),
      ).toBeInTheDocument();
      expect(screen.queryByText('Container images')).not.toBeInTheDocument();
      expect(api.getEntityImages).not.toHaveBeenCalled();
    });
  });

  describe('api', () => {
    const server = setupServer();
    registerMswTestHooks(server);

    it('wires the client to the app: the card reads from the backend through discovery and fetch', async () => {
      server.use(
        http.get(
          'http://backstage.test/api/container-images/entity/component/default/orders-service/images',
          () => HttpResponse.json(okResponse),
        ),
      );
      // No API override: the ApiBlueprint's factory builds the real client.
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: ecrEntity }),
          containerImagesEntityCard,
          containerImagesApi,
        ],
        config: { backend: { baseUrl: 'http://backstage.test' } },
      });

      expect(await screen.findByText('Latest stable')).toBeInTheDocument();
      expect(screen.getByText('1.4.1')).toBeInTheDocument();
    });
  });
});
