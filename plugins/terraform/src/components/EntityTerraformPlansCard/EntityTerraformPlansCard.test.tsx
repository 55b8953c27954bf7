import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { Entity } from '@backstage/catalog-model';
import { screen, waitFor, within } from '@testing-library/react';
import { TerraformApi, terraformApiRef } from '../../api';
import {
  counts,
  devLatest,
  devOlder,
  ENTITY_REF,
  planDocument,
  plainEntity,
  plansResponse,
  productionLatest,
  terraformEntity,
} from '../../__fixtures__/plans';
import { EntityTerraformPlansCard } from './EntityTerraformPlansCard';

function mockApi(
  overrides: Partial<TerraformApi> = {},
): jest.Mocked<TerraformApi> {
  return {
    getPlans: jest.fn(overrides.getPlans ?? (async () => plansResponse)),
    getPlan: jest.fn(async (_ref: string, _planId: string) => ({
      ...planDocument,
      counts: counts({ add: 2 }),
    })),
    getResource: jest.fn(),
  };
}

function renderCard(api: TerraformApi, entity: Entity = terraformEntity) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityTerraformPlansCard />
    </EntityProvider>,
    {
      apis: [[terraformApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

function rowOf(id: string): HTMLElement {
  const element = document.querySelector(`[data-plan-id="${id}"]`);
  if (!element) throw new Error(`No row for ${id}`);
  return element as HTMLElement;
}

describe('EntityTerraformPlansCard', () => {
  it('shows the latest plan of each environment with its counts, linking to the plan', async () => {
    const api = mockApi();
    renderCard(api);

    expect(await screen.findByText('Terraform plans')).toBeInTheDocument();
    const dev = await waitFor(() => rowOf(devLatest.id));
    const production = rowOf(productionLatest.id);
    // Environments in promotion order; the older dev plan and the pull request are the tab's.
    expect(
      Array.from(document.querySelectorAll('[data-plan-id]')).map(e =>
        e.getAttribute('data-plan-id'),
      ),
    ).toEqual([devLatest.id, productionLatest.id]);
    expect(
      document.querySelector(`[data-plan-id="${devOlder.id}"]`),
    ).toBeNull();

    expect(
      within(production).getByRole('img', {
        name: '3 to add, 2 to change, 1 to replace, 1 to destroy',
      }),
    ).toBeInTheDocument();
    expect(within(production).getByText('1 to destroy')).toBeInTheDocument();
    expect(
      within(production).getByRole('link', { name: 'main' }),
    ).toHaveAttribute(
      'href',
      `/catalog/default/component/aws-landing-zone/terraform/plans/${productionLatest.id}`,
    );

    // GitHub reports no counts: the card reads them from the plan.
    expect(
      await within(dev).findByRole('img', {
        name: '2 to add, 0 to change, 0 to replace, 0 to destroy',
      }),
    ).toBeInTheDocument();
    expect(api.getPlan).toHaveBeenCalledTimes(1);
    expect(api.getPlan).toHaveBeenCalledWith(ENTITY_REF, devLatest.id);

    expect(screen.getByText('All plans').closest('a')).toHaveAttribute(
      'href',
      '/catalog/default/component/aws-landing-zone/terraform',
    );
  });

  it('shows a failing source inline beside the plans of the others', async () => {
    renderCard(
      mockApi({
        getPlans: async () => ({
          ...plansResponse,
          plans: [productionLatest],
          errors: [
            {
              source: 'hcp',
              target: 'orbital-data/landing-zone-dev',
              error: {
                name: 'PlanSourceReadError',
                message: 'Workspace not found',
              },
            },
          ],
        }),
      }),
    );

    expect(
      await screen.findByText(
        'HCP orbital-data/landing-zone-dev: Workspace not found',
      ),
    ).toBeInTheDocument();
    expect(rowOf(productionLatest.id)).toBeInTheDocument();
  });

  it('says so when there are no plans yet', async () => {
    renderCard(
      mockApi({
        getPlans: async () => ({
          entityRef: ENTITY_REF,
          plans: [],
          errors: [],
        }),
      }),
    );
    expect(await screen.findByText('No plans yet.')).toBeInTheDocument();
  });

  it('tells which annotations to add when the entity declares no source, without calling the backend', async () => {
    const api = mockApi();
    renderCard(api, plainEntity);

    expect(
      await screen.findByText('No Terraform plan source declared'),
    ).toBeInTheDocument();
    expect(api.getPlans).not.toHaveBeenCalled();
  });
});
