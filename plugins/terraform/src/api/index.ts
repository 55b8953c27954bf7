export { terraformApiRef } from './TerraformApi';
export type { TerraformApi } from './TerraformApi';
export { TerraformClient } from './TerraformClient';
