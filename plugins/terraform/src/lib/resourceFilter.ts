import {
  ChangeAction,
  ResourceChange,
} from '@platform-portal/plugin-terraform-common';

/** What the action chips filter on: an action, or being imported or moved (beside the action). */
export type ActionKey = ChangeAction | 'import' | 'move';

/** The chips, in the order people weigh them: destructive first, then the rest. */
export const ACTION_KEYS: ActionKey[] = [
  'delete',
  'replace',
  'create',
  'update',
  'import',
  'move',
  'read',
  'forget',
  'no-op',
];

/** The value of the module filter for resources of the root module. */
export const ROOT_MODULE = '(root module)';

export interface ResourceFilters {
  /** Any of these (a union); empty: every change, unchanged resources left out. */
  actions: ActionKey[];
  /** A module address (its nested modules included) or {@link ROOT_MODULE}; empty: any. */
  module: string;
  /** A resource type; empty: any. */
  type: string;
  /** Part of the address, case-insensitive. */
  text: string;
}

export const NO_FILTERS: ResourceFilters = {
  actions: [],
  module: '',
  type: '',
  text: '',
};

/** The keys a resource is found under. */
export function actionKeys(resource: ResourceChange): ActionKey[] {
  const keys: ActionKey[] = [resource.action];
  if (resource.importing) keys.push('import');
  if (resource.previousAddress) keys.push('move');
  return keys;
}

/** A plain no-op: nothing happens to it, not even an import or a move. */
const isUnchanged = (resource: ResourceChange) =>
  resource.action === 'no-op' &&
  !resource.importing &&
  !resource.previousAddress;

/**
 * Positions of a plan's resources by action, module and type, built once per plan so that each
 * change of a filter only walks the resources that can match, and the chips and selects get
 * their counts without another pass. Positions are ascending, so results keep the plan's order.
 */
export interface ResourceIndex {
  resources: ResourceChange[];
  /** Lower-cased addresses, for the text filter. */
  addresses: string[];
  byAction: Map<ActionKey, number[]>;
  /** By exact module address; {@link ROOT_MODULE} for the root module. */
  byModule: Map<string, number[]>;
  byType: Map<string, number[]>;
  /** Positions of everything but plain no-ops: what shows with no action selected. */
  changed: number[];
}

function push<K>(map: Map<K, number[]>, key: K, position: number) {
  const list = map.get(key);
  if (list) list.push(position);
  else map.set(key, [position]);
}

export function buildResourceIndex(resources: ResourceChange[]): ResourceIndex {
  const index: ResourceIndex = {
    resources,
    addresses: new Array(resources.length),
    byAction: new Map(),
    byModule: new Map(),
    byType: new Map(),
    changed: [],
  };
  resources.forEach((resource, i) => {
    index.addresses[i] = resource.address.toLocaleLowerCase('en-US');
    for (const key of actionKeys(resource)) push(index.byAction, key, i);
    push(index.byModule, resource.moduleAddress ?? ROOT_MODULE, i);
    push(index.byType, resource.type, i);
    if (!isUnchanged(resource)) index.changed.push(i);
  });
  return index;
}

/** How many resources each action chip stands for, in chip order, present ones only. */
export function actionCounts(
  index: ResourceIndex,
): Array<{ key: ActionKey; count: number }> {
  return ACTION_KEYS.filter(key => index.byAction.has(key)).map(key => ({
    key,
    count: index.byAction.get(key)!.length,
  }));
}

/** Whether `moduleAddress` is `selected`, an instance of it, or nested inside it. */
function inModule(selected: string, moduleAddress: string): boolean {
  return (
    moduleAddress === selected ||
    ((moduleAddress.startsWith(`${selected}.`) ||
      moduleAddress.startsWith(`${selected}[`)) &&
      moduleAncestors(moduleAddress).includes(selected))
  );
}

/**
 * A module address and the modules it sits in, outermost first:
 * `module.app["x"].module.db` → `module.app`, `module.app["x"]`, `module.app["x"].module.db`.
 * Keys may hold dots and brackets (`module.site["a.example.com"]`): only those outside quotes
 * and brackets separate modules.
 */
export function moduleAncestors(moduleAddress: string): string[] {
  const result: string[] = [];
  let depth = 0;
  let quoted = false;
  let segmentStart = 0;
  const add = (end: number) => {
    const prefix = moduleAddress.slice(0, end);
    // The module itself, across its instances, before the instance.
    const bracket = prefix.endsWith(']') ? prefix.lastIndexOf('[', end) : -1;
    if (bracket > segmentStart) result.push(prefix.slice(0, bracket));
    result.push(prefix);
  };
  for (let i = 0; i < moduleAddress.length; i++) {
    const c = moduleAddress[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (depth === 0 && i > 0 && moduleAddress.startsWith('.module.', i)) {
      add(i);
      segmentStart = i + 1;
    }
  }
  add(moduleAddress.length);
  return [...new Set(result)];
}

/**
 * Every module the plan's resources sit in (parents of nested modules too), with how many
 * resources each holds, nested modules included: the root module first, then by address.
 */
export function moduleOptions(
  index: ResourceIndex,
): Array<{ module: string; count: number }> {
  const counts = new Map<string, number>();
  for (const [moduleAddress, positions] of index.byModule) {
    if (moduleAddress === ROOT_MODULE) continue;
    for (const module of moduleAncestors(moduleAddress)) {
      counts.set(module, (counts.get(module) ?? 0) + positions.length);
    }
  }
  const options = [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en'))
    .map(([module, count]) => ({ module, count }));
  const root = index.byModule.get(ROOT_MODULE);
  return root
    ? [{ module: ROOT_MODULE, count: root.length }, ...options]
    : options;
}

/** The resource types present, with their counts, by name. */
export function typeOptions(
  index: ResourceIndex,
): Array<{ type: string; count: number }> {
  return [...index.byType.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en'))
    .map(([type, positions]) => ({ type, count: positions.length }));
}

/** Ascending positions of the union of ascending lists. */
function union(lists: number[][], size: number): number[] {
  if (lists.length === 1) return lists[0];
  const marks = new Uint8Array(size);
  for (const list of lists) for (const i of list) marks[i] = 1;
  const result: number[] = [];
  for (let i = 0; i < size; i++) if (marks[i]) result.push(i);
  return result;
}

/**
 * The resources matching every filter, in plan order. Starts from the smallest candidate list
 * the indexes give (the selected type, module or actions) and checks the others per resource.
 */
export function filterResources(
  index: ResourceIndex,
  filters: ResourceFilters,
): ResourceChange[] {
  const size = index.resources.length;
  const candidates: number[][] = [];

  const actionSet = new Set(filters.actions);
  candidates.push(
    actionSet.size === 0
      ? index.changed
      : union(
          filters.actions.map(key => index.byAction.get(key) ?? []),
          size,
        ),
  );
  if (filters.type) candidates.push(index.byType.get(filters.type) ?? []);
  // The exact module addresses the selected module covers: itself, its instances, its nested
  // modules. Resolved once, then each resource is a set lookup.
  const modules = filters.module
    ? new Set(
        [...index.byModule.keys()].filter(m =>
          filters.module === ROOT_MODULE
            ? m === ROOT_MODULE
            : m !== ROOT_MODULE && inModule(filters.module, m),
        ),
      )
    : undefined;
  if (modules) {
    candidates.push(
      union(
        [...modules].map(m => index.byModule.get(m)!),
        size,
      ),
    );
  }
  const smallest = candidates.reduce((a, b) => (b.length < a.length ? b : a));

  const text = filters.text.trim().toLocaleLowerCase('en-US');
  const matches = (i: number) => {
    const resource = index.resources[i];
    if (actionSet.size === 0) {
      if (isUnchanged(resource)) return false;
    } else if (!actionKeys(resource).some(key => actionSet.has(key))) {
      return false;
    }
    if (filters.type && resource.type !== filters.type) return false;
    if (modules && !modules.has(resource.moduleAddress ?? ROOT_MODULE)) {
      return false;
    }
    return !text || index.addresses[i].includes(text);
  };

  const result: ResourceChange[] = [];
  for (const i of smallest) if (matches(i)) result.push(index.resources[i]);
  return result;
}
