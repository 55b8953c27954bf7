import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { getComponentData } from '@backstage/core-plugin-api';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { terraformApiRef } from './api';
import {
  planDocument,
  plainEntity,
  plansResponse,
  terraformEntity,
} from './__fixtures__/plans';
import {
  EntityTerraformContent,
  EntityTerraformPlansCard,
  isTerraformAvailable,
  terraformPlugin,
} from './index';

// The legacy frontend system: what `src/index.ts` offers apps that still use it.
describe('terraform plugin (legacy frontend system)', () => {
  const api = {
    getPlans: jest.fn(async () => plansResponse),
    getPlan: jest.fn(async () => planDocument),
    getResource: jest.fn(),
  };

  it('is the terraform plugin with its API factory', () => {
    expect(terraformPlugin.getId()).toBe('terraform');
    expect([...terraformPlugin.getApis()].map(f => f.api.id)).toEqual([
      terraformApiRef.id,
    ]);
  });

  it('tells whether an entity declares a plan source, for EntitySwitch', () => {
    expect(isTerraformAvailable(terraformEntity)).toBe(true);
    expect(isTerraformAvailable(plainEntity)).toBe(false);
  });

  it('renders the card extension', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[terraformApiRef, api]]}>
        <EntityProvider entity={terraformEntity}>
          <EntityTerraformPlansCard />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );

    expect(await screen.findByText('Terraform plans')).toBeInTheDocument();
    expect(
      await screen.findByRole('img', {
        name: '3 to add, 2 to change, 1 to replace, 1 to destroy',
      }),
    ).toBeInTheDocument();
  });

  it('renders the tab extension where EntityLayout.Route puts it, plans opening below it', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[terraformApiRef, api]]}>
        <EntityProvider entity={terraformEntity}>
          <Routes>
            <Route path="/terraform/*" element={<EntityTerraformContent />} />
          </Routes>
        </EntityProvider>
      </TestApiProvider>,
      {
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
        routeEntries: [`/terraform/plans/${planDocument.id}`],
      },
    );

    expect(
      await screen.findByRole('heading', { name: 'Plan: production · main' }),
    ).toBeInTheDocument();
  });

  it('offers the tab as a routable extension mounted at the plugin route', () => {
    // The legacy EntityLayout.Route mounts it; the element carries its mount point.
    expect(
      getComponentData(<EntityTerraformContent />, 'core.mountPoint'),
    ).toBe(terraformPlugin.routes.entityContent);
  });
});
