import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import {
  PlanDocument,
  ResourceDetail,
  SENSITIVE,
} from '@platform-portal/plugin-terraform-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TerraformApi, terraformApiRef } from '../../api';
import {
  driftDetail,
  ENTITY_REF,
  generatePlan,
  instanceDetail,
  planDocument,
  plansResponse,
  pr12,
  RESOURCES,
  terraformEntity,
} from '../../__fixtures__/plans';
import { EntityTerraformContent } from '../EntityTerraformContent';

function mockApi(
  document: PlanDocument = planDocument,
  overrides: Partial<TerraformApi> = {},
): jest.Mocked<TerraformApi> {
  return {
    getPlans: jest.fn(async (_ref: string) => plansResponse),
    getPlan: jest.fn(overrides.getPlan ?? (async () => document)),
    getResource: jest.fn(
      overrides.getResource ??
        (async (_ref: string, _id: string, address: string) =>
          address === driftDetail.address
            ? driftDetail
            : ({ ...instanceDetail, address } as ResourceDetail)),
    ),
  };
}

function renderPlan(api: TerraformApi, planId = planDocument.id) {
  return renderInTestApp(
    <EntityProvider entity={terraformEntity}>
      <EntityTerraformContent />
    </EntityProvider>,
    {
      apis: [[terraformApiRef, api]],
      mountPath: '/terraform/*',
      initialRouteEntries: [`/terraform/plans/${encodeURIComponent(planId)}`],
    },
  );
}

/** The addresses of the rows shown, in order. */
function shownAddresses(): string[] {
  return Array.from(document.querySelectorAll('tr[data-address]')).map(
    r => r.getAttribute('data-address')!,
  );
}

function rowOf(address: string): HTMLElement {
  const element = document.querySelector(
    `tr[data-address="${CSS.escape(address)}"]`,
  );
  if (!element) throw new Error(`No row for ${address}`);
  return element as HTMLElement;
}

async function opened(api: TerraformApi, planId?: string) {
  renderPlan(api, planId);
  await screen.findByRole('heading', { name: /^Plan: / });
}

describe('PlanPage', () => {
  it('says where the plan came from, how to get to its run, when, with what and how big', async () => {
    const api = mockApi();
    await opened(api);

    expect(
      screen.getByRole('heading', { name: 'Plan: production · main' }),
    ).toBeInTheDocument();
    expect(api.getPlan).toHaveBeenCalledWith(ENTITY_REF, planDocument.id);
    const meta = document.querySelector('dl')!;
    expect(within(meta).getByText('production')).toBeInTheDocument();
    expect(within(meta).getByText('HCP')).toBeInTheDocument();
    expect(
      within(meta).getByText('orbital-data/landing-zone-production'),
    ).toBeInTheDocument();
    expect(
      within(meta).getByRole('link', { name: /^View run/ }),
    ).toHaveAttribute('href', planDocument.meta.run!.url);
    expect(within(meta).getByText('carol')).toBeInTheDocument();
    expect(within(meta).getByText('5 hours ago')).toBeInTheDocument();
    expect(within(meta).getByText('Terraform 1.9.5')).toBeInTheDocument();
    expect(within(meta).getByText('1.5 MB')).toBeInTheDocument();

    expect(
      screen.getAllByRole('img', {
        name: '3 to add, 1 to change, 1 to replace, 1 to destroy',
      }),
    ).toHaveLength(1);
    expect(
      screen.getByText(
        '1 to read · 1 to import · 1 moved · 1 to forget · 1 drifted · 3 unchanged',
      ),
    ).toBeInTheDocument();
  });

  it('links a pull request plan to its pull request, and names OpenTofu', async () => {
    await opened(
      mockApi({
        ...planDocument,
        id: pr12.id,
        meta: pr12,
        tool: 'opentofu',
        terraformVersion: '1.8.2',
      }),
      pr12.id,
    );

    expect(
      screen.getByRole('heading', {
        name: 'Plan: dev · #12 VPC endpoints for S3 and ECR',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /^View pull request/ }),
    ).toHaveAttribute('href', pr12.pullRequest!.url);
    expect(screen.getByText('OpenTofu 1.8.2')).toBeInTheDocument();
  });

  it('calls out what the plan destroys and replaces, by address, and lists only those on request', async () => {
    const user = userEvent.setup();
    await opened(mockApi());

    const destroy = document.querySelector(
      '[data-callout="destroy"]',
    ) as HTMLElement;
    expect(within(destroy).getByText('1 to destroy')).toBeInTheDocument();
    expect(
      within(destroy).getByText(RESOURCES.oldSubnet.address),
    ).toBeInTheDocument();
    const replace = document.querySelector(
      '[data-callout="replace"]',
    ) as HTMLElement;
    expect(within(replace).getByText('1 to replace')).toBeInTheDocument();
    expect(replace).toHaveTextContent(
      `${RESOURCES.instance.address} (create before destroy)`,
    );

    await user.click(
      within(destroy).getByRole('button', { name: 'Show only these' }),
    );
    expect(shownAddresses()).toEqual([RESOURCES.oldSubnet.address]);
    expect(screen.getByRole('button', { name: 'delete 1' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  it('leaves unchanged resources out until no-op is selected', async () => {
    const user = userEvent.setup();
    await opened(mockApi());

    expect(shownAddresses()).not.toContain(RESOURCES.unchanged.address);
    expect(shownAddresses()).toHaveLength(planDocument.resources.length - 1);
    expect(
      screen.getByText('1 unchanged hidden: select no-op to see them'),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'no-op 3' }));
    expect(shownAddresses()).toEqual([
      RESOURCES.imported.address,
      RESOURCES.moved.address,
      RESOURCES.unchanged.address,
    ]);
  });

  it('narrows the list by action chips (any of them), module, resource type and address text', async () => {
    const user = userEvent.setup();
    await opened(mockApi());

    await user.click(screen.getByRole('button', { name: 'create 3' }));
    expect(shownAddresses()).toEqual([
      RESOURCES.bucket.address,
      RESOURCES.subnetA.address,
      RESOURCES.subnetB.address,
    ]);
    await user.click(screen.getByRole('button', { name: 'delete 1' }));
    expect(shownAddresses()).toEqual([
      RESOURCES.bucket.address,
      RESOURCES.oldSubnet.address,
      RESOURCES.subnetA.address,
      RESOURCES.subnetB.address,
    ]);

    // The module select offers the modules present, parents of nested modules included.
    const moduleSelect = screen.getByRole('combobox', { name: 'Module' });
    expect(
      within(moduleSelect)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual([
      'All modules',
      'root module (6)',
      'module.app (1)',
      'module.app["web"] (1)',
      'module.network (4)',
      'module.network.module.subnets (2)',
    ]);
    await user.selectOptions(moduleSelect, 'module.network');
    expect(shownAddresses()).toEqual([
      RESOURCES.oldSubnet.address,
      RESOURCES.subnetA.address,
      RESOURCES.subnetB.address,
    ]);

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Resource type' }),
      'aws_subnet',
    );
    expect(shownAddresses()).toEqual([
      RESOURCES.oldSubnet.address,
      RESOURCES.subnetA.address,
      RESOURCES.subnetB.address,
    ]);

    await user.type(
      screen.getByRole('textbox', { name: 'Address contains' }),
      'PRIVATE[["a',
    );
    await waitFor(() =>
      expect(shownAddresses()).toEqual([RESOURCES.subnetA.address]),
    );
    expect(screen.getByText('1 resource shown of 11')).toBeInTheDocument();

    await user.type(
      screen.getByRole('textbox', { name: 'Address contains' }),
      'nothing',
    );
    expect(
      await screen.findByText('No resource matches the filters.'),
    ).toBeInTheDocument();
  });

  it('shows a replace with its order and reason, imports with their id, moves with the previous address', async () => {
    const user = userEvent.setup();
    await opened(mockApi());

    const instance = rowOf(RESOURCES.instance.address);
    expect(within(instance).getByText('replace')).toBeInTheDocument();
    expect(
      within(instance).getByText('create before destroy'),
    ).toBeInTheDocument();
    await user.hover(within(instance).getByText('replace'));
    expect(
      await screen.findByText(
        'create before destroy · replace because cannot update',
      ),
    ).toBeInTheDocument();
    // The module part is dimmed, the resource part stands out.
    expect(within(instance).getByText('module.app["web"].')).toHaveStyle({
      opacity: '0.55',
    });
    expect(within(instance).getByText('aws_instance.this')).toBeInTheDocument();

    const imported = rowOf(RESOURCES.imported.address);
    await user.hover(within(imported).getByText('import'));
    expect(
      await screen.findByText('import id: orbital-tf-state'),
    ).toBeInTheDocument();

    const moved = rowOf(RESOURCES.moved.address);
    expect(within(moved).getByText('moved')).toBeInTheDocument();
    expect(
      within(moved).getByText('moved from aws_vpc.main'),
    ).toBeInTheDocument();
  });

  it('loads the attribute diff of a resource when it is expanded: sensitive values masked, unknown ones said so', async () => {
    const user = userEvent.setup();
    const api = mockApi();
    await opened(api);
    expect(api.getResource).not.toHaveBeenCalled();

    await user.click(
      screen.getByRole('button', {
        name: `Show attributes of ${RESOURCES.instance.address}`,
      }),
    );
    const diff = await screen.findByRole('table', {
      name: 'attribute changes',
    });
    expect(api.getResource).toHaveBeenCalledWith(
      ENTITY_REF,
      planDocument.id,
      RESOURCES.instance.address,
    );

    const attribute = (path: string) =>
      diff.querySelector(
        `[data-attribute="${CSS.escape(path)}"]`,
      ) as HTMLElement;
    const side = (path: string, which: 'before' | 'after') =>
      attribute(path).querySelector(`[data-side="${which}"]`) as HTMLElement;

    expect(side('ami', 'before')).toHaveTextContent('"ami-0aaa"');
    expect(side('ami', 'after')).toHaveTextContent('"ami-0bbb"');
    expect(
      within(attribute('ami')).getByText('forces replacement'),
    ).toBeInTheDocument();
    expect(side('id', 'after')).toHaveTextContent('(known after apply)');
    for (const which of ['before', 'after'] as const) {
      expect(
        within(side('user_data', which)).getByText(SENSITIVE),
      ).toBeInTheDocument();
      expect(
        side('user_data', which).querySelector('[data-sensitive="true"]'),
      ).not.toBeNull();
    }
    expect(side('tags.Name', 'after')).toHaveTextContent('"web-1"');

    await user.click(
      screen.getByRole('button', {
        name: `Hide attributes of ${RESOURCES.instance.address}`,
      }),
    );
    expect(
      screen.queryByRole('table', { name: 'attribute changes' }),
    ).not.toBeInTheDocument();
  });

  it('shows why the attributes of a resource could not be loaded, in its row', async () => {
    const user = userEvent.setup();
    await opened(
      mockApi(planDocument, {
        getResource: async () => {
          throw new Error('Resource not in plan');
        },
      }),
    );

    await user.click(
      screen.getByRole('button', {
        name: `Show attributes of ${RESOURCES.bucket.address}`,
      }),
    );
    expect(
      (await screen.findAllByText(/Resource not in plan/)).length,
    ).toBeGreaterThan(0);
  });

  it('renders one page of a 10 000-resource plan and pages through it', async () => {
    const user = userEvent.setup();
    const large = generatePlan(10_000);
    await opened(mockApi(large), large.id);

    expect(shownAddresses()).toHaveLength(100);
    expect(shownAddresses()[0]).toBe('module.m0.aws_type_0.r[0]');
    expect(screen.getByText('1-100 of 10000')).toBeInTheDocument();
    // By label: role queries compute the names of every button of the page, slow on 100 rows.
    await user.click(screen.getByLabelText('Next page'));
    expect(shownAddresses()).toHaveLength(100);
    expect(shownAddresses()[0]).toBe('module.m0.aws_type_2.r[100]');
    expect(screen.getByText('101-200 of 10000')).toBeInTheDocument();

    // A filter starts again at its first page.
    await user.selectOptions(
      screen.getByLabelText('Resource type'),
      'aws_type_3',
    );
    expect(screen.getByText('1-100 of 1429')).toBeInTheDocument();
    expect(shownAddresses()[0]).toBe('module.m3.aws_type_3.r[3]');
    // About a second alone; the limit is for a machine whose CPUs other jobs share.
  }, 30_000);

  it('lists the drift in its tab and shows what changed outside Terraform', async () => {
    const user = userEvent.setup();
    await opened(mockApi());

    await user.click(screen.getByRole('tab', { name: 'Drift (1)' }));
    expect(shownAddresses()).toEqual(['aws_security_group.bastion']);
    await user.click(
      screen.getByRole('button', {
        name: 'Show attributes of aws_security_group.bastion',
      }),
    );
    const diff = await screen.findByRole('table', {
      name: 'attribute changes',
    });
    const row = diff.querySelector(
      '[data-attribute="ingress[0].cidr_blocks[1]"]',
    ) as HTMLElement;
    expect(row.querySelector('[data-side="before"]')).toHaveTextContent(
      '(none)',
    );
    expect(row.querySelector('[data-side="after"]')).toHaveTextContent(
      '"0.0.0.0/0"',
    );
  });

  it('lists the outputs with before → after, sensitive ones masked, unknown ones said so', async () => {
    const user = userEvent.setup();
    await opened(mockApi());

    await user.click(screen.getByRole('tab', { name: 'Outputs (3)' }));
    const outputs = screen.getByRole('table', { name: 'outputs' });
    const output = (name: string, which: 'before' | 'after') =>
      outputs.querySelector(
        `[data-output="${name}"] [data-side="${which}"]`,
      ) as HTMLElement;

    expect(output('vpc_id', 'after')).toHaveTextContent('(known after apply)');
    expect(output('bucket_name', 'before')).toHaveTextContent(
      '"orbital-logs-old"',
    );
    expect(output('bucket_name', 'after')).toHaveTextContent('"orbital-logs"');
    expect(output('db_password', 'before')).toHaveTextContent(SENSITIVE);
    expect(output('db_password', 'after')).toHaveTextContent(SENSITIVE);
    expect(
      outputs.querySelectorAll('[data-output="db_password"] [data-sensitive]'),
    ).toHaveLength(2);
  });

  it('links back to the list of plans', async () => {
    await opened(mockApi());
    expect(screen.getByRole('link', { name: 'All plans' })).toHaveAttribute(
      'href',
      '/terraform',
    );
  });

  it('shows why a plan could not be opened, with the way back', async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'InputError',
            message: 'Unsupported plan format version 2.0',
          },
          request: { method: 'GET', url: '/plans/x' },
          response: { statusCode: 400 },
        }),
        { status: 400, headers: { 'content-type': 'application/json' } },
      ),
    );
    renderPlan(
      mockApi(planDocument, {
        getPlan: async () => {
          throw error;
        },
      }),
    );

    expect(
      await screen.findByText('Unsupported plan format version 2.0'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'All plans' })).toBeInTheDocument();
  });
});
