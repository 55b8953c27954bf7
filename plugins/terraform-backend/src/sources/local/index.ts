export { LocalPlanSource } from './LocalPlanSource';
export type { LocalPlanSidecar } from './LocalPlanSource';
