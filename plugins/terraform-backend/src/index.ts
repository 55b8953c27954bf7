/**
 * Terraform plans backend: what every infrastructure change will do, from GitHub Actions
 * artifacts, HCP Terraform, S3 or a local directory, with sensitive values masked.
 *
 * @packageDocumentation
 */
export { terraformPlugin as default } from './plugin';
export {
  TerraformPlansService,
  type TerraformPlansServiceOptions,
} from './service/TerraformPlansService';
export type { PlanSource, FoundPlan } from './sources/types';
export { PlanSourceReadError } from './sources/types';
