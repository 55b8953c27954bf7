import { RESOURCES, generatePlan, planDocument } from '../__fixtures__/plans';
import {
  actionCounts,
  buildResourceIndex,
  filterResources,
  moduleAncestors,
  moduleOptions,
  NO_FILTERS,
  ROOT_MODULE,
  typeOptions,
} from './resourceFilter';

const addresses = (filters: Partial<typeof NO_FILTERS>) =>
  filterResources(buildResourceIndex(planDocument.resources), {
    ...NO_FILTERS,
    ...filters,
  }).map(r => r.address);

describe('resource filters', () => {
  it('shows every change but plain no-ops when no action is selected, in plan order', () => {
    expect(addresses({})).toEqual(
      planDocument.resources
        .filter(r => r !== RESOURCES.unchanged)
        .map(r => r.address),
    );
  });

  it('selects any of the chosen actions; import and move stand beside the action', () => {
    expect(addresses({ actions: ['delete', 'replace'] })).toEqual([
      RESOURCES.instance.address,
      RESOURCES.oldSubnet.address,
    ]);
    expect(addresses({ actions: ['import'] })).toEqual([
      RESOURCES.imported.address,
    ]);
    expect(addresses({ actions: ['move'] })).toEqual([RESOURCES.moved.address]);
    expect(addresses({ actions: ['no-op'] })).toEqual([
      RESOURCES.imported.address,
      RESOURCES.moved.address,
      RESOURCES.unchanged.address,
    ]);
  });

  it('counts the chips over the whole plan, destructive first', () => {
    expect(actionCounts(buildResourceIndex(planDocument.resources))).toEqual([
      { key: 'delete', count: 1 },
      { key: 'replace', count: 1 },
      { key: 'create', count: 3 },
      { key: 'update', count: 1 },
      { key: 'import', count: 1 },
      { key: 'move', count: 1 },
      { key: 'read', count: 1 },
      { key: 'forget', count: 1 },
      { key: 'no-op', count: 3 },
    ]);
  });

  it('selects a module with its nested modules and instances, or the root module alone', () => {
    expect(addresses({ module: 'module.network' })).toEqual([
      RESOURCES.oldSubnet.address,
      RESOURCES.subnetA.address,
      RESOURCES.subnetB.address,
      RESOURCES.moved.address,
    ]);
    expect(addresses({ module: 'module.network.module.subnets' })).toEqual([
      RESOURCES.subnetA.address,
      RESOURCES.subnetB.address,
    ]);
    expect(addresses({ module: 'module.app' })).toEqual([
      RESOURCES.instance.address,
    ]);
    expect(addresses({ module: ROOT_MODULE, actions: ['create'] })).toEqual([
      RESOURCES.bucket.address,
    ]);
  });

  it('offers every module present and their parents, with counts including nested ones', () => {
    expect(moduleOptions(buildResourceIndex(planDocument.resources))).toEqual([
      { module: ROOT_MODULE, count: 6 },
      { module: 'module.app', count: 1 },
      { module: 'module.app["web"]', count: 1 },
      { module: 'module.network', count: 4 },
      { module: 'module.network.module.subnets', count: 2 },
    ]);
  });

  it('splits module addresses only outside quotes: keys may hold dots', () => {
    expect(moduleAncestors('module.site["a.module.b"].module.cdn[0]')).toEqual([
      'module.site',
      'module.site["a.module.b"]',
      'module.site["a.module.b"].module.cdn',
      'module.site["a.module.b"].module.cdn[0]',
    ]);
  });

  it('filters by type and by address text, case-insensitively, all filters together', () => {
    expect(
      typeOptions(buildResourceIndex(planDocument.resources)),
    ).toContainEqual({ type: 'aws_subnet', count: 3 });
    expect(addresses({ type: 'aws_subnet', actions: ['create'] })).toEqual([
      RESOURCES.subnetA.address,
      RESOURCES.subnetB.address,
    ]);
    expect(addresses({ text: 'PRIVATE["B' })).toEqual([
      RESOURCES.subnetB.address,
    ]);
    expect(
      addresses({
        type: 'aws_subnet',
        module: 'module.network',
        text: 'legacy',
      }),
    ).toEqual([RESOURCES.oldSubnet.address]);
    expect(addresses({ type: 'aws_s3_bucket', text: 'nothing' })).toEqual([]);
  });

  it('narrows a 10 000-resource plan through the indexes, keeping plan order', () => {
    const plan = generatePlan(10_000);
    const index = buildResourceIndex(plan.resources);
    const result = filterResources(index, {
      ...NO_FILTERS,
      actions: ['delete'],
      module: 'module.m3',
      type: 'aws_type_2',
    });
    const expected = plan.resources.filter(
      r =>
        r.action === 'delete' &&
        r.moduleAddress === 'module.m3' &&
        r.type === 'aws_type_2',
    );
    expect(result).toEqual(expected);
    expect(result.length).toBeGreaterThan(0);
  });
});
