export {
  HcpTerraformPlanSource,
  type HcpTerraformPlanSourceOptions,
} from './HcpTerraformPlanSource';
