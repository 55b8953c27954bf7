export { EntityTerraformContent } from './EntityTerraformContent';
