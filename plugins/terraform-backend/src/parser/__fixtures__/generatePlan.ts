/**
 * Generates a plan (Terraform 1.9 shape) of many resources for tests that need size: nested
 * modules with for_each keys, count indexes, creates and updates, a sensitive password in every
 * database, planned_values and prior_state beside resource_changes. The benchmark has its own,
 * more varied generator (bench/terraform-plan/generate.mjs) that writes to a file.
 */
export const GENERATED_SECRET = 'generated-s3cr3t';

export function generatePlan(options: {
  resources: number;
  /** Approximate size of one attribute object. @defaultValue 2000 */
  attributeBytes?: number;
  /** A string attribute of this many characters in the first resource. */
  hugeStringChars?: number;
}): Buffer {
  const { resources, attributeBytes = 2000, hugeStringChars } = options;
  const filler = 'x'.repeat(Math.max(0, attributeBytes - 400));
  const parts: string[] = [];
  const changes: string[] = [];
  const planned: string[] = [];
  const prior: string[] = [];
  for (let i = 0; i < resources; i++) {
    const region = ['eu-west-1a', 'eu-west-1b'][i % 2];
    const moduleAddress = `module.app.module.db[${JSON.stringify(region)}]`;
    const forEach = i % 2 === 0;
    const index = forEach ? `db-${i}` : i;
    const address = `${moduleAddress}.aws_db_instance.main[${JSON.stringify(
      index,
    )}]`;
    const create = i % 5 === 0;
    const attributes = (version: number) => ({
      identifier: `db-${i}`,
      engine_version: version ? '16.4' : '16.3',
      password: `${GENERATED_SECRET}-${i}-${version}`,
      tags: {
        Name: `db-${i}`,
        'kubernetes.io/role': 'db',
        Revision: `${version}`,
      },
      parameters: [
        { name: 'log_min_duration_statement', value: '250' },
        { name: 'search_path', value: '"$user", public' },
      ],
      notes:
        i === 0 && hugeStringChars
          ? 'h'.repeat(hugeStringChars - 1) + String(version)
          : filler,
    });
    const before = create ? null : attributes(0);
    const after = attributes(1);
    changes.push(
      JSON.stringify({
        address,
        module_address: moduleAddress,
        mode: 'managed',
        type: 'aws_db_instance',
        name: 'main',
        index,
        provider_name: 'registry.terraform.io/hashicorp/aws',
        change: {
          actions: create ? ['create'] : ['update'],
          before,
          after,
          after_unknown: create
            ? { id: true, arn: true, tags: {} }
            : { tags: {} },
          before_sensitive: before ? { password: true, tags: {} } : false,
          after_sensitive: { password: true, tags: {} },
        },
      }),
    );
    planned.push(
      JSON.stringify({
        address,
        mode: 'managed',
        type: 'aws_db_instance',
        name: 'main',
        index,
        values: after,
        sensitive_values: { password: true },
      }),
    );
    if (before) {
      prior.push(
        JSON.stringify({
          address,
          mode: 'managed',
          type: 'aws_db_instance',
          name: 'main',
          index,
          values: before,
          sensitive_values: { password: true },
        }),
      );
    }
  }
  parts.push(
    '{"format_version":"1.2","terraform_version":"1.9.5",',
    `"planned_values":{"root_module":{"child_modules":[{"address":"module.app","resources":[${planned.join(
      ',',
    )}]}]}},`,
    `"resource_changes":[${changes.join(',')}],`,
    `"output_changes":{"db_password":{"actions":["update"],"before":"${GENERATED_SECRET}-out-0","after":"${GENERATED_SECRET}-out-1","after_unknown":false,"before_sensitive":true,"after_sensitive":true}},`,
    `"prior_state":{"format_version":"1.0","values":{"root_module":{"child_modules":[{"address":"module.app","resources":[${prior.join(
      ',',
    )}]}]}}},`,
    '"timestamp":"2026-11-20T09:14:03Z","applyable":true,"complete":true,"errored":false}',
  );
  return Buffer.from(parts.join(''), 'utf8');
}
