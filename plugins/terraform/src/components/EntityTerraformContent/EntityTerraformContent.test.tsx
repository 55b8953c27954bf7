import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  EntityPlansResponse,
  PlanDocument,
  PlanListItem,
} from '@platform-portal/plugin-terraform-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TerraformApi, terraformApiRef } from '../../api';
import {
  counts,
  devLatest,
  devOlder,
  ENTITY_REF,
  entityWith,
  instanceDetail,
  planDocument,
  plainEntity,
  plansResponse,
  pr12,
  productionLatest,
  terraformEntity,
} from '../../__fixtures__/plans';
import { EntityTerraformContent } from './EntityTerraformContent';

function mockApi(
  overrides: Partial<TerraformApi> = {},
): jest.Mocked<TerraformApi> {
  return {
    getPlans: jest.fn(overrides.getPlans ?? (async () => plansResponse)),
    getPlan: jest.fn(
      overrides.getPlan ??
        (async (_ref: string, planId: string) => ({
          ...planDocument,
          id: planId,
          counts: counts({ add: 5, destroy: 2 }),
        })),
    ),
    getResource: jest.fn(overrides.getResource ?? (async () => instanceDetail)),
  };
}

function renderContent(
  api: TerraformApi,
  entity: Entity = terraformEntity,
  path = '/terraform',
) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityTerraformContent />
    </EntityProvider>,
    {
      apis: [[terraformApiRef, api]],
      mountPath: '/terraform/*',
      initialRouteEntries: [path],
    },
  );
}

const section = (name: string) => screen.getByRole('region', { name });
/** The list's row of a plan; throws until it is there, so that `waitFor` waits for it. */
function row(plan: PlanListItem): HTMLElement {
  const element = document.querySelector(`[data-plan-id="${plan.id}"]`);
  if (!element) throw new Error(`No row for ${plan.id}`);
  return element as HTMLElement;
}

describe('EntityTerraformContent: the plan list', () => {
  it('groups the plans by environment in promotion order, then pull requests', async () => {
    renderContent(mockApi());

    expect(
      await screen.findByRole('heading', { name: 'dev' }),
    ).toBeInTheDocument();
    const headings = screen
      .getAllByRole('heading', { level: 2 })
      .map(h => h.textContent);
    expect(headings).toEqual(['dev', 'production', 'Pull requests']);

    const dev = section('dev');
    expect(
      within(dev)
        .getAllByRole('row')
        .slice(1)
        .map(r => r.getAttribute('data-plan-id')),
    ).toEqual([devLatest.id, devOlder.id]);
    expect(
      within(section('Pull requests')).getAllByRole('row').slice(1),
    ).toHaveLength(1);
  });

  it('shows where each plan came from, its branch or pull request, run status, who triggered it and its age', async () => {
    renderContent(mockApi());
    await screen.findByRole('heading', { name: 'dev' });

    const production = row(productionLatest);
    expect(within(production).getByText('production')).toHaveAttribute(
      'class',
      expect.stringContaining('MuiChip-label'),
    );
    expect(within(production).getByText('HCP')).toBeInTheDocument();
    expect(within(production).getByText('main')).toBeInTheDocument();
    expect(within(production).getByText('planned')).toBeInTheDocument();
    expect(within(production).getByText('carol')).toBeInTheDocument();
    expect(within(production).getByText('5 hours ago')).toBeInTheDocument();
    expect(
      within(production).getByRole('link', {
        name: 'View run run-CZcmD7eagjhyX0vN',
      }),
    ).toHaveAttribute('href', productionLatest.run!.url);

    const pr = row(pr12);
    expect(within(pr).getByText('dev')).toBeInTheDocument();
    expect(within(pr).getByText('GitHub')).toBeInTheDocument();
    expect(within(pr).getByRole('link', { name: /^#12/ })).toHaveAttribute(
      'href',
      'https://github.com/orbital-data/aws-landing-zone/pull/12',
    );
    expect(within(pr).getByText('feature/vpc-endpoints')).toBeInTheDocument();
    expect(within(pr).getByText('in progress')).toBeInTheDocument();
    expect(within(pr).getByText('dave')).toBeInTheDocument();
  });

  it('draws the counts as a bar with +add ~change ±replace −destroy, destroy and replace called out', async () => {
    renderContent(mockApi());
    await screen.findByRole('heading', { name: 'dev' });

    const production = row(productionLatest);
    const bar = within(production).getByRole('img', {
      name: '3 to add, 2 to change, 1 to replace, 1 to destroy',
    });
    expect(bar).toHaveTextContent('+3~2±1−1');
    // One segment per non-zero count, sized by its share.
    const segments = Array.from(bar.querySelectorAll('[data-count]'));
    expect(segments.map(s => s.getAttribute('data-count'))).toEqual([
      'add',
      'change',
      'replace',
      'destroy',
    ]);
    expect(segments[0]).toHaveStyle({ width: `${(3 / 7) * 100}%` });
    expect(within(production).getByText('1 to destroy')).toBeInTheDocument();
    expect(within(production).getByText('1 to replace')).toBeInTheDocument();
  });

  it('reads the counts of the latest plan of each environment from its document when the source does not report them', async () => {
    const api = mockApi();
    renderContent(api);

    const dev = await waitFor(() => row(devLatest));
    expect(
      await within(dev).findByRole('img', {
        name: '5 to add, 0 to change, 0 to replace, 2 to destroy',
      }),
    ).toBeInTheDocument();
    expect(within(dev).getByText('2 to destroy')).toBeInTheDocument();
    // Only the latest without counts: not the older dev plan, not the pull request, not
    // production (HCP reports its counts).
    expect(api.getPlan).toHaveBeenCalledTimes(1);
    expect(api.getPlan).toHaveBeenCalledWith(ENTITY_REF, devLatest.id);
    expect(
      within(row(devOlder)).getByText('open to see counts'),
    ).toBeInTheDocument();
    expect(
      within(row(pr12)).getByText('open to see counts'),
    ).toBeInTheDocument();
  });

  it('opens at most two plans at a time for their counts', async () => {
    const environments = ['dev', 'test', 'staging', 'production', 'sandbox'];
    const plans = environments.map(environment => ({
      ...devLatest,
      id: `plan-${environment}`,
      environment,
      branch: environment,
    }));
    const pending = new Map<string, (document: PlanDocument) => void>();
    const api = mockApi({
      getPlans: async () => ({ entityRef: ENTITY_REF, plans, errors: [] }),
      getPlan: (_ref, planId) =>
        new Promise(resolve => pending.set(planId, resolve)),
    });
    renderContent(api);

    await waitFor(() => expect(api.getPlan).toHaveBeenCalledTimes(2));
    expect(screen.getAllByText('counting…')).toHaveLength(5);
    await act(async () =>
      pending.get('plan-dev')!({
        ...planDocument,
        counts: counts({ change: 4 }),
      }),
    );
    await waitFor(() => expect(api.getPlan).toHaveBeenCalledTimes(3));
    expect(
      within(row(plans[0])).getByRole('img', {
        name: '0 to add, 4 to change, 0 to replace, 0 to destroy',
      }),
    ).toBeInTheDocument();
  });

  it('says why counts are missing when a plan could not be opened for them', async () => {
    const user = userEvent.setup();
    renderContent(
      mockApi({
        getPlan: async () => {
          throw new Error('Unsupported plan format version 2.0');
        },
      }),
    );

    const dev = await waitFor(() => row(devLatest));
    const hint = await within(dev).findByText('open to see counts');
    await user.hover(hint);
    expect(
      await screen.findByText(
        'Counts could not be read: Unsupported plan format version 2.0',
      ),
    ).toBeInTheDocument();
  });

  it('shows a source that could not be read in its place and still lists the plans of the others', async () => {
    const response: EntityPlansResponse = {
      ...plansResponse,
      plans: [productionLatest],
      errors: [
        {
          source: 'github',
          target: 'orbital-data/aws-landing-zone',
          error: {
            name: 'PlanSourceReadError',
            message: 'GitHub answered 401 Bad credentials',
            statusCode: 401,
          },
        },
      ],
    };
    renderContent(mockApi({ getPlans: async () => response }));

    const alert = (
      await screen.findByText('GitHub orbital-data/aws-landing-zone')
    ).closest('[role="alert"]') as HTMLElement;
    expect(alert).toHaveTextContent(
      'PlanSourceReadError: GitHub answered 401 Bad credentials (401)',
    );
    expect(
      screen.getByRole('heading', { name: 'production' }),
    ).toBeInTheDocument();
    expect(row(productionLatest)).toBeInTheDocument();
  });

  it('tells which annotations to add when the entity declares no source, without calling the backend', async () => {
    const api = mockApi();
    renderContent(api, plainEntity);

    expect(
      await screen.findByText('No Terraform plan source declared'),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText('platform-portal.io/terraform-workspaces').length,
    ).toBeGreaterThan(0);
    await waitFor(() =>
      expect(document.body.textContent).toContain(
        'platform-portal.io/terraform-artifacts: github',
      ),
    );
    expect(api.getPlans).not.toHaveBeenCalled();
  });

  it('says where plans would come from when the declared sources have none', async () => {
    renderContent(
      mockApi({
        getPlans: async () => ({
          entityRef: ENTITY_REF,
          plans: [],
          errors: [],
        }),
      }),
      entityWith({
        'platform-portal.io/terraform-plans-s3': 'orbital-plans/landing-zone',
      }),
    );

    expect(
      await screen.findByText('No Terraform plans yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('S3 orbital-plans/landing-zone'),
    ).toBeInTheDocument();
  });

  it('shows the error of a failed request with a way to try again', async () => {
    const user = userEvent.setup();
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'NotAllowedError', message: 'Permission denied' },
          request: { method: 'GET', url: '/entity/component/default/x/plans' },
          response: { statusCode: 403 },
        }),
        { status: 403, headers: { 'content-type': 'application/json' } },
      ),
    );
    const api = mockApi({
      getPlans: jest
        .fn()
        .mockRejectedValueOnce(error)
        .mockResolvedValue(plansResponse),
    });
    renderContent(api);

    expect(await screen.findByText('Permission denied')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByRole('heading', { name: 'dev' }),
    ).toBeInTheDocument();
  });

  it('shows progress while loading', async () => {
    renderContent(mockApi({ getPlans: () => new Promise(() => {}) }));
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
  });

  it('opens a plan below the tab and comes back to the list without reading the plans again', async () => {
    const user = userEvent.setup();
    const api = mockApi({ getPlan: async () => planDocument });
    renderContent(api);
    await screen.findByRole('heading', { name: 'production' });

    await user.click(
      within(row(productionLatest)).getByRole('link', { name: 'View plan' }),
    );
    expect(
      await screen.findByRole('heading', { name: 'Plan: production · main' }),
    ).toBeInTheDocument();
    expect(api.getPlan).toHaveBeenCalledWith(ENTITY_REF, productionLatest.id);

    await user.click(screen.getByRole('link', { name: 'All plans' }));
    expect(
      await screen.findByRole('heading', { name: 'Pull requests' }),
    ).toBeInTheDocument();
    expect(api.getPlans).toHaveBeenCalledTimes(1);
  });
});

describe('EntityTerraformContent: paths below the tab', () => {
  it('goes back to the list from a path that is not a plan', async () => {
    renderContent(mockApi(), terraformEntity, '/terraform/no/such/page');
    expect(
      await screen.findByRole('heading', { name: 'Pull requests' }),
    ).toBeInTheDocument();
  });
});
