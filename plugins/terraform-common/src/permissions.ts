import { createPermission } from '@backstage/plugin-permission-common';

/** Reading an entity's Terraform plans: a catalog-entity resource permission. */
export const terraformPlansReadPermission = createPermission({
  name: 'terraform.plans.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

export const terraformPermissions = [terraformPlansReadPermission];
