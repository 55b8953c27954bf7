export { S3PlanSource, S3_PLAN_METADATA } from './S3PlanSource';
export type { S3PlanBucket, S3PlanSourceOptions } from './S3PlanSource';
export { PLAN_LAYOUT } from './layout';
