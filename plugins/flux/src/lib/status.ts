import {
  FLUX_KINDS,
  FluxObjectSummary,
  FluxState,
} from '@platform-portal/plugin-flux-common';
import { latestTime } from './format';

/** Colours by what a state asks of the reader: green fine, blue wait, red act, amber paused. */
export const STATE_COLORS: Record<FluxState, string> = {
  ready: '#2e7d32',
  progressing: '#1976d2',
  failed: '#c62828',
  stalled: '#8e0000',
  suspended: '#b26a00',
  unknown: '#757575',
};

/** The states in the order counts and bars read: healthy first, then what needs attention. */
export const STATES: FluxState[] = [
  'ready',
  'progressing',
  'failed',
  'stalled',
  'suspended',
  'unknown',
];

/** What needs attention first: failures, then work in flight, then paused, then fine. */
const URGENCY: Record<FluxState, number> = {
  stalled: 0,
  failed: 1,
  progressing: 2,
  unknown: 3,
  suspended: 4,
  ready: 5,
};

const KIND_ORDER = new Map(FLUX_KINDS.map((kind, i) => [kind, i]));

/** Per state, how many objects are in it (every state present, zero or not). */
export function countStates(
  items: FluxObjectSummary[],
): Record<FluxState, number> {
  const counts = Object.fromEntries(STATES.map(s => [s, 0])) as Record<
    FluxState,
    number
  >;
  for (const item of items) {
    counts[item.status.state] = (counts[item.status.state] ?? 0) + 1;
  }
  return counts;
}

/** Objects ordered by the clusters' (environment) order, then kind, namespace and name. */
export function byClusterThenName(clusterOrder: string[]) {
  const rank = new Map(clusterOrder.map((c, i) => [c, i]));
  return (a: FluxObjectSummary, b: FluxObjectSummary) =>
    (rank.get(a.cluster) ?? rank.size) - (rank.get(b.cluster) ?? rank.size) ||
    a.cluster.localeCompare(b.cluster) ||
    (KIND_ORDER.get(a.kind) ?? 0) - (KIND_ORDER.get(b.kind) ?? 0) ||
    a.namespace.localeCompare(b.namespace) ||
    a.name.localeCompare(b.name);
}

/** Objects that need attention first, then by kind, namespace and name. */
export function byUrgency(a: FluxObjectSummary, b: FluxObjectSummary): number {
  return (
    URGENCY[a.status.state] - URGENCY[b.status.state] ||
    (KIND_ORDER.get(a.kind) ?? 0) - (KIND_ORDER.get(b.kind) ?? 0) ||
    a.namespace.localeCompare(b.namespace) ||
    a.name.localeCompare(b.name)
  );
}

/** The identity of an object across clusters. */
export function objectKey(o: {
  cluster: string;
  kind: string;
  namespace: string;
  name: string;
}): string {
  return `${o.cluster}/${o.kind}/${o.namespace}/${o.name}`;
}

/** Replaces one object by its fresher copy (from an action's response), keeping the order. */
export function replaceObject<T extends { items: FluxObjectSummary[] }>(
  response: T,
  object: FluxObjectSummary,
): T {
  const key = objectKey(object);
  if (!response.items.some(item => objectKey(item) === key)) return response;
  return {
    ...response,
    items: response.items.map(item =>
      objectKey(item) === key ? object : item,
    ),
  };
}

/** When anything last happened: a status change, a handled reconcile request, a Helm release. */
export function lastReconcile(object: FluxObjectSummary): string | undefined {
  return latestTime(
    object.status.since,
    object.lastHandledReconcileAt,
    object.history?.[0]?.lastDeployed,
  );
}

/** `name:tag[@digest]` split at the tag, which is what changes and what people look for. */
export function splitImage(
  object: FluxObjectSummary,
): { name: string; tag?: string } | undefined {
  if (object.latestRef) {
    return { name: object.latestRef.name, tag: object.latestRef.tag };
  }
  const image = object.latestImage?.split('@')[0];
  if (!image) return undefined;
  const colon = image.lastIndexOf(':');
  if (colon <= image.lastIndexOf('/')) return { name: image };
  return { name: image.slice(0, colon), tag: image.slice(colon + 1) };
}
