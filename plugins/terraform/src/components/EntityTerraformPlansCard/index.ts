export { EntityTerraformPlansCard } from './EntityTerraformPlansCard';
