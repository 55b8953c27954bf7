/**
 * Terraform plans of catalog entities: what a plan on a branch or pull request would create,
 * change, replace or destroy, down to each attribute.
 *
 * This entry point is for apps on the legacy frontend system; the new frontend system uses the
 * `./alpha` entry point's default export.
 *
 * @packageDocumentation
 */
export {
  terraformPlugin,
  EntityTerraformContent,
  EntityTerraformPlansCard,
} from './plugin';
export { isTerraformAvailable } from './lib/annotations';
export { terraformApiRef, TerraformClient } from './api';
export type { TerraformApi } from './api';
