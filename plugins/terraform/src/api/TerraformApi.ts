import { createApiRef } from '@backstage/core-plugin-api';
import {
  EntityPlansResponse,
  PlanDocument,
  ResourceDetail,
} from '@platform-portal/plugin-terraform-common';

/**
 * Reads an entity's Terraform plans from the terraform backend. Sensitive values arrive already
 * masked: the backend never sends them.
 *
 * @public
 */
export interface TerraformApi {
  /**
   * The plans of every source the entity declares, newest first. A source that cannot be read
   * is reported in `errors` while the others are still returned.
   *
   * @param entityRef - the entity, e.g. `component:default/aws-landing-zone`
   */
  getPlans(entityRef: string): Promise<EntityPlansResponse>;

  /**
   * One parsed plan: its counts, resources, drift and outputs, without attribute diffs.
   *
   * @param entityRef - the entity the plan was listed for
   * @param planId - the id from {@link TerraformApi.getPlans}, only valid for that entity
   */
  getPlan(entityRef: string, planId: string): Promise<PlanDocument>;

  /**
   * One resource of a plan with its attribute diff (and drift).
   *
   * @param entityRef - the entity the plan was listed for
   * @param planId - the plan
   * @param address - the resource address, e.g. `module.network.aws_subnet.private["a"]`
   */
  getResource(
    entityRef: string,
    planId: string,
    address: string,
  ): Promise<ResourceDetail>;
}

/**
 * The {@link TerraformApi}. The id follows `plugin.<pluginId>.*` so that the new frontend
 * system attributes it to this plugin.
 *
 * @public
 */
export const terraformApiRef = createApiRef<TerraformApi>({
  id: 'plugin.terraform.service',
});
