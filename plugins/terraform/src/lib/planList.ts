import { PlanListItem } from '@platform-portal/plugin-terraform-common';

/** A section of the plan list: one environment's branch plans, or the pull requests. */
export interface PlanGroup {
  key: string;
  title: string;
  kind: 'environment' | 'pull-requests';
  /** Newest first. */
  plans: PlanListItem[];
}

/**
 * Environments in the order they are promoted through; others come after, alphabetically.
 * People look for their environment by name, and dev → production reads like the pipeline.
 */
const ENVIRONMENT_ORDER = [
  'dev',
  'development',
  'test',
  'qa',
  'staging',
  'stage',
  'preprod',
  'prod',
  'production',
];

const NO_ENVIRONMENT = '';

function environmentRank(environment: string): number {
  if (environment === NO_ENVIRONMENT) return Number.MAX_SAFE_INTEGER;
  const i = ENVIRONMENT_ORDER.indexOf(environment.toLocaleLowerCase('en-US'));
  return i === -1 ? ENVIRONMENT_ORDER.length : i;
}

const createdAt = (plan: PlanListItem) =>
  plan.createdAt ? Date.parse(plan.createdAt) || 0 : 0;

/** Newest first; plans without a time keep the backend's order, after dated ones. */
function newestFirst(plans: PlanListItem[]): PlanListItem[] {
  return plans
    .map((plan, i) => ({ plan, i }))
    .sort((a, b) => createdAt(b.plan) - createdAt(a.plan) || a.i - b.i)
    .map(({ plan }) => plan);
}

/**
 * The plans as the tab lists them: one group per environment with the plans made on its branch
 * (the first is the environment's latest), then one group of the plans made on pull requests.
 */
export function groupPlans(plans: PlanListItem[]): PlanGroup[] {
  const byEnvironment = new Map<string, PlanListItem[]>();
  const pullRequests: PlanListItem[] = [];
  for (const plan of plans) {
    if (plan.pullRequest) {
      pullRequests.push(plan);
      continue;
    }
    const environment = plan.environment ?? NO_ENVIRONMENT;
    byEnvironment.set(environment, [
      ...(byEnvironment.get(environment) ?? []),
      plan,
    ]);
  }
  const groups: PlanGroup[] = [...byEnvironment.entries()]
    .sort(
      ([a], [b]) =>
        environmentRank(a) - environmentRank(b) || a.localeCompare(b, 'en'),
    )
    .map(([environment, list]) => ({
      key: `environment:${environment}`,
      title: environment === NO_ENVIRONMENT ? 'Other plans' : environment,
      kind: 'environment',
      plans: newestFirst(list),
    }));
  if (pullRequests.length > 0) {
    groups.push({
      key: 'pull-requests',
      title: 'Pull requests',
      kind: 'pull-requests',
      plans: newestFirst(pullRequests),
    });
  }
  return groups;
}

/**
 * The latest plan of each environment, in environment order: what the card shows and what the
 * tab counts at a glance. The newest plan made on the environment's branch; for an environment
 * only ever planned on pull requests, the newest of those.
 */
export function latestPerEnvironment(plans: PlanListItem[]): PlanListItem[] {
  const latest = new Map<string, PlanListItem>();
  for (const plan of newestFirst(plans)) {
    const environment = plan.environment ?? NO_ENVIRONMENT;
    const current = latest.get(environment);
    if (!current || (current.pullRequest && !plan.pullRequest)) {
      latest.set(environment, plan);
    }
  }
  return [...latest.entries()]
    .sort(
      ([a], [b]) =>
        environmentRank(a) - environmentRank(b) || a.localeCompare(b, 'en'),
    )
    .map(([, plan]) => plan);
}
