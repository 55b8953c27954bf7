/**
 * The reader of `terraform show -json <planfile>` (Terraform and OpenTofu, format 1.x): counts,
 * resources, drift and outputs, sensitive values masked, large files parsed off the event loop.
 */
export {
  parsePlan,
  IN_PROCESS_LIMIT_BYTES,
  type ParsedPlan,
  type ParsePlanOptions,
} from './parsePlan';
export { PlanParseError, type PlanParseErrorCode } from './PlanParseError';
