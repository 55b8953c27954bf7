import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { SENSITIVE } from '@platform-portal/plugin-terraform-common';
import type { PlanParser } from '../service/TerraformPlansService';
import { parsePlan, ParsedPlan } from '.';

// The service's contract: this does not compile if the parser drifts from it.
const asTheServiceCallsIt: PlanParser = parsePlan;

const fixture = (name: string) =>
  fs.readFileSync(path.join(__dirname, '__fixtures__', name));

/** Every string a fixture marks sensitive; none may survive the parse. */
const SECRETS =
  /s3cr3t|hunter2|BEGIN OPENSSH PRIVATE KEY|BEGIN CERTIFICATE|rnd-s3cr3t/;

function everything(plan: ParsedPlan): string {
  const addresses = [...plan.resources, ...plan.drift].map(r => r.address);
  return JSON.stringify([plan, ...addresses.map(a => plan.detail(a))]);
}

const byAddress = (plan: ParsedPlan, address: string) => {
  const found = plan.resources.find(r => r.address === address);
  if (!found) throw new Error(`no ${address} in the plan`);
  return found;
};

describe('parsePlan: resource changes', () => {
  let plan: ParsedPlan;
  beforeAll(async () => {
    plan = await parsePlan(fixture('actions.json'));
  });

  it('reads the header of a Terraform 1.9 plan', () => {
    expect(plan.formatVersion).toBe('1.2');
    expect(plan.terraformVersion).toBe('1.9.5');
    expect(plan.tool).toBe('terraform');
    expect(plan.applyable).toBe(true);
    expect(plan.errored).toBe(false);
    expect(plan.sizeBytes).toBe(fixture('actions.json').length);
  });

  it('counts every action as people read a plan', () => {
    expect(plan.counts).toEqual({
      add: 3,
      change: 4,
      replace: 5,
      destroy: 6,
      read: 2,
      forget: 1,
      import: 3,
      move: 2,
      noOp: 5,
      drift: 0,
    });
    expect(plan.resources).toHaveLength(26);
  });

  it('normalises create, update and delete', () => {
    expect(byAddress(plan, 'aws_s3_bucket.logs')).toMatchObject({
      action: 'create',
      mode: 'managed',
      type: 'aws_s3_bucket',
      name: 'logs',
      providerName: 'registry.terraform.io/hashicorp/aws',
    });
    expect(byAddress(plan, 'aws_instance.web').action).toBe('update');
    expect(byAddress(plan, 'aws_instance.legacy')).toMatchObject({
      action: 'delete',
      actionReason: 'delete_because_no_resource_config',
    });
  });

  it('tells the two replace orders apart, with the reason', () => {
    expect(byAddress(plan, 'aws_db_instance.main')).toMatchObject({
      action: 'replace',
      replaceOrder: 'delete-first',
      actionReason: 'replace_because_cannot_update',
    });
    expect(byAddress(plan, 'aws_launch_template.app')).toMatchObject({
      action: 'replace',
      replaceOrder: 'create-first',
      actionReason: 'replace_by_request',
    });
    expect(byAddress(plan, 'aws_instance.tainted').actionReason).toBe(
      'replace_because_tainted',
    );
    expect(byAddress(plan, 'terraform_data.bootstrap').actionReason).toBe(
      'replace_by_triggers',
    );
  });

  it('reads a create-then-forget as a create-first replace (nothing is destroyed)', () => {
    expect(byAddress(plan, 'aws_eip.nat')).toMatchObject({
      action: 'replace',
      replaceOrder: 'create-first',
    });
  });

  it('keeps every action_reason Terraform gives', () => {
    const reasons = plan.resources
      .map(r => r.actionReason)
      .filter(Boolean)
      .sort();
    expect(reasons).toEqual(
      [
        'delete_because_count_index',
        'delete_because_each_key',
        'delete_because_no_module',
        'delete_because_no_move_target',
        'delete_because_no_resource_config',
        'read_because_config_unknown',
        'read_because_dependency_pending',
        'replace_because_cannot_update',
        'replace_because_tainted',
        'replace_by_request',
        'replace_by_triggers',
        'replace_by_request',
      ].sort(),
    );
    expect(byAddress(plan, 'aws_instance.web').actionReason).toBeUndefined();
  });

  it('reads data sources as reads', () => {
    expect(byAddress(plan, 'data.aws_ami.ubuntu')).toMatchObject({
      mode: 'data',
      action: 'read',
    });
    expect(
      byAddress(plan, 'module.network.data.aws_availability_zones.available'),
    ).toMatchObject({
      mode: 'data',
      action: 'read',
      moduleAddress: 'module.network',
    });
  });

  it('marks imports, with the import id when Terraform gives one', () => {
    expect(byAddress(plan, 'aws_s3_bucket.artifacts')).toMatchObject({
      action: 'no-op',
      importing: { id: 'acme-artifacts' },
    });
    // Imported by identity (Terraform 1.12): no id, still an import.
    expect(byAddress(plan, 'aws_iam_policy.deploy').importing).toEqual({});
    expect(byAddress(plan, 'aws_s3_bucket_policy.artifacts')).toMatchObject({
      action: 'update',
      importing: { id: 'acme-artifacts' },
    });
    expect(byAddress(plan, 'aws_iam_role.ci').importing).toBeUndefined();
  });

  it('marks moves with the previous address, alone or with a change', () => {
    expect(byAddress(plan, 'aws_security_group.web')).toMatchObject({
      action: 'no-op',
      previousAddress: 'aws_security_group.main',
    });
    expect(byAddress(plan, 'aws_route53_record.www')).toMatchObject({
      action: 'update',
      previousAddress: 'aws_route53_record.web',
    });
    expect(byAddress(plan, 'aws_iam_role.ci').previousAddress).toBeUndefined();
  });

  it('reads forget (a removed block)', () => {
    expect(byAddress(plan, 'aws_instance.bastion').action).toBe('forget');
  });

  it('gives nested module addresses and count indexes', () => {
    const subnets = plan.resources.filter(r => r.type === 'aws_subnet');
    expect(subnets.map(r => [r.moduleAddress, r.index, r.action])).toEqual([
      ['module.network.module.subnets', 0, 'no-op'],
      ['module.network.module.subnets', 1, 'create'],
      ['module.network.module.subnets', 2, 'delete'],
    ]);
    expect(subnets[0].address).toBe(
      'module.network.module.subnets.aws_subnet.private[0]',
    );
  });

  it('gives for_each string keys', () => {
    const queues = plan.resources.filter(r => r.type === 'aws_sqs_queue');
    expect(queues.map(r => r.index)).toEqual([
      'main',
      'dead-letter',
      'retired',
    ]);
    expect(queues[0]).toMatchObject({
      address: 'module.services["orders"].aws_sqs_queue.queue["main"]',
      moduleAddress: 'module.services["orders"]',
    });
    expect(byAddress(plan, 'aws_instance.web').moduleAddress).toBeUndefined();
  });

  it('gives a deposed object its own address', () => {
    expect(
      byAddress(plan, 'aws_instance.web (deposed object 1a2b3c4d)'),
    ).toMatchObject({ action: 'delete', type: 'aws_instance', name: 'web' });
    expect(plan.detail('aws_instance.web')?.action).toBe('update');
  });

  it('skips the sections it does not need, brackets and escapes in their strings included', () => {
    // planned_values (before resource_changes) and prior_state hold strings with ] } [{, escaped
    // quotes and a trailing escaped backslash: a scanner losing track would misplace the list.
    expect(fixture('actions.json').toString()).toContain(
      'with \\"quotes\\" [{',
    );
    expect(plan.resources[0].address).toBe('aws_s3_bucket.logs');
    expect(plan.resources[25].address).toBe('aws_eip.nat');
    expect(plan.outputs).toEqual([]);
    expect(plan.drift).toEqual([]);
  });
});

describe('parsePlan: attribute diffs', () => {
  let plan: ParsedPlan;
  beforeAll(async () => {
    plan = await parsePlan(fixture('values.json'));
  });

  it('lists only the changed leaves, with paths people read', () => {
    const detail = plan.detail('aws_db_instance.main')!;
    expect(detail.attributes).toEqual([
      { path: 'engine_version', before: '16.3', after: '16.4' },
      {
        path: 'password',
        before: SENSITIVE,
        after: SENSITIVE,
        sensitive: true,
      },
      { path: 'tags.Owner', before: 'alice', after: 'bob' },
      { path: 'tags["kubernetes.io/role"]', after: 'db' },
      { path: 'tags.Retired', before: 'yes' },
      { path: 'multi_az', before: false, after: true },
      { path: 'description', after: 'Orders "primary" database' },
    ]);
    expect(detail.changedAttributes).toBe(7);
    expect(byAddress(plan, 'aws_db_instance.main').changedAttributes).toBe(7);
  });

  it('masks a sensitive object as one change', () => {
    expect(plan.detail('aws_lambda_function.api')!.attributes).toEqual([
      {
        path: 'environment[0].variables',
        before: SENSITIVE,
        after: SENSITIVE,
        sensitive: true,
      },
    ]);
  });

  it('masks a whole sensitive resource, unknown parts and replacement included', () => {
    expect(plan.detail('random_password.db')!.attributes).toEqual([
      {
        path: '(all attributes)',
        before: SENSITIVE,
        after: SENSITIVE,
        afterUnknown: true,
        sensitive: true,
        forcesReplacement: true,
      },
    ]);
  });

  it('shows sensitive values that are known only after apply as such', () => {
    expect(plan.detail('tls_private_key.deploy')!.attributes).toEqual([
      { path: 'algorithm', after: 'ED25519' },
      { path: 'ecdsa_curve', after: 'P224' },
      { path: 'rsa_bits', after: 2048 },
      { path: 'id', afterUnknown: true },
      { path: 'private_key_openssh', afterUnknown: true, sensitive: true },
      { path: 'private_key_pem', afterUnknown: true, sensitive: true },
      { path: 'public_key_openssh', afterUnknown: true },
    ]);
  });

  it('finds unknown values at the top, nested in blocks and inside lists', () => {
    expect(plan.detail('aws_instance.app')!.attributes).toEqual([
      { path: 'ami', after: 'ami-0c1a7f89451184c8b' },
      { path: 'instance_type', after: 'm6i.large' },
      { path: 'root_block_device[0].encrypted', after: true },
      { path: 'root_block_device[0].volume_size', after: 50 },
      { path: 'root_block_device[0].volume_id', afterUnknown: true },
      { path: 'vpc_security_group_ids[0]', after: 'sg-0aa' },
      { path: 'vpc_security_group_ids[1]', afterUnknown: true },
      { path: 'tags.Name', after: 'app' },
      { path: 'arn', afterUnknown: true },
      { path: 'id', afterUnknown: true },
      { path: 'private_ip', afterUnknown: true },
      { path: 'network_interface', afterUnknown: true },
      { path: 'tags_all', afterUnknown: true },
    ]);
  });

  it('marks the changes that force a replacement (replace_paths)', () => {
    expect(plan.detail('aws_security_group.web')!.attributes).toEqual([
      { path: 'name', before: 'web', after: 'web-v2', forcesReplacement: true },
      {
        path: 'ingress[0].from_port',
        before: 80,
        after: 443,
        forcesReplacement: true,
      },
      { path: 'ingress[0].to_port', before: 80, after: 443 },
      { path: 'ingress[0].cidr_blocks[1]', after: '10.0.0.0/8' },
      { path: 'id', before: 'sg-0123', afterUnknown: true },
    ]);
  });

  it('lists what a delete removes, its secrets masked', () => {
    expect(
      plan.detail('aws_secretsmanager_secret_version.old')!.attributes,
    ).toEqual([
      {
        path: 'id',
        before: 'arn:aws:secretsmanager:eu-west-1:104729384756:secret:old|v1',
      },
      { path: 'secret_string', before: SENSITIVE, sensitive: true },
      { path: 'version_stages[0]', before: 'AWSCURRENT' },
    ]);
  });

  it('shows a value that became sensitive as a masked change on both sides', () => {
    expect(plan.detail('aws_ssm_parameter.config')!.attributes).toEqual([
      { path: 'type', before: 'String', after: 'SecureString' },
      { path: 'value', before: SENSITIVE, after: SENSITIVE, sensitive: true },
    ]);
  });

  it('masks sensitive map entries one by one, keeping their keys', () => {
    expect(plan.detail('kubernetes_secret.tls')!.attributes).toEqual([
      { path: 'metadata[0].labels.tier', after: 'edge' },
      {
        path: 'data["tls.crt"]',
        before: SENSITIVE,
        after: SENSITIVE,
        sensitive: true,
      },
      {
        path: 'data["tls.key"]',
        before: SENSITIVE,
        after: SENSITIVE,
        sensitive: true,
      },
    ]);
  });

  it('keeps no sensitive value anywhere: summary, details, outputs, drift', async () => {
    expect(everything(plan)).not.toMatch(SECRETS);
    const drifted = await parsePlan(fixture('drift-and-outputs.json'));
    expect(everything(drifted)).not.toMatch(SECRETS);
    // The fixtures do hold them: the check above is not vacuous.
    expect(fixture('values.json').toString()).toMatch(SECRETS);
    expect(fixture('drift-and-outputs.json').toString()).toMatch(SECRETS);
  });

  it('answers undefined for an address the plan does not have', () => {
    expect(plan.detail('aws_instance.nope')).toBeUndefined();
  });

  it('returns a fresh detail each time (callers may change it)', () => {
    const first = plan.detail('aws_db_instance.main')!;
    first.attributes.length = 0;
    expect(plan.detail('aws_db_instance.main')!.attributes).toHaveLength(7);
  });
});

describe('parsePlan: drift and outputs', () => {
  let plan: ParsedPlan;
  beforeAll(async () => {
    plan = await parsePlan(fixture('drift-and-outputs.json'));
  });

  it('lists and counts what changed outside Terraform', () => {
    expect(plan.drift.map(d => [d.address, d.action])).toEqual([
      ['aws_instance.web', 'update'],
      ['aws_db_instance.main', 'update'],
      ['aws_s3_bucket.assets', 'delete'],
      ['aws_iam_role.readonly', 'update'],
    ]);
    expect(plan.counts).toMatchObject({ drift: 4, add: 1, change: 1, noOp: 1 });
    expect(plan.drift[0].changedAttributes).toBe(2);
  });

  it('gives a resource its planned diff and its drift side by side', () => {
    const web = plan.detail('aws_instance.web')!;
    expect(web.attributes).toEqual([
      { path: 'instance_type', before: 't3.large', after: 't3.small' },
      { path: 'tags.Owner', before: 'console-user' },
    ]);
    expect(web.drift).toEqual([
      { path: 'instance_type', before: 't3.small', after: 't3.large' },
      { path: 'tags.Owner', after: 'console-user' },
    ]);
    expect(plan.detail('aws_db_instance.main')).toMatchObject({
      action: 'no-op',
      attributes: [],
      drift: [
        {
          path: 'password',
          before: SENSITIVE,
          after: SENSITIVE,
          sensitive: true,
        },
      ],
    });
  });

  it('answers for a resource that only drifted', () => {
    expect(plan.detail('aws_iam_role.readonly')).toEqual({
      address: 'aws_iam_role.readonly',
      mode: 'managed',
      type: 'aws_iam_role',
      name: 'readonly',
      providerName: 'registry.terraform.io/hashicorp/aws',
      action: 'update',
      changedAttributes: 1,
      attributes: [],
      drift: [{ path: 'max_session_duration', before: 3600, after: 43200 }],
    });
  });

  it('reads output changes: created, updated, unknown, deleted, sensitive', () => {
    expect(plan.outputs).toEqual([
      {
        name: 'cluster',
        action: 'create',
        sensitive: false,
        after: { name: 'platform', endpoint: '(known after apply)' },
        afterUnknown: true,
      },
      {
        name: 'db_password',
        action: 'update',
        sensitive: true,
        before: SENSITIVE,
        after: SENSITIVE,
      },
      {
        name: 'endpoint',
        action: 'update',
        sensitive: false,
        before: 'https://old.acme.example',
        afterUnknown: true,
      },
      {
        name: 'legacy_url',
        action: 'delete',
        sensitive: false,
        before: 'https://legacy.acme.example',
      },
      {
        name: 'service_keys',
        action: 'create',
        sensitive: true,
        afterUnknown: true,
      },
      {
        name: 'subnet_ids',
        action: 'no-op',
        sensitive: false,
        before: ['subnet-0a', 'subnet-0b'],
        after: ['subnet-0a', 'subnet-0b'],
      },
      { name: 'vpc_id', action: 'create', sensitive: false, after: 'vpc-0abc' },
    ]);
  });
});

describe('parsePlan: OpenTofu and empty plans', () => {
  it('recognises an OpenTofu plan by its provider registry', async () => {
    const plan = await parsePlan(fixture('opentofu.json'));
    expect(plan).toMatchObject({
      tool: 'opentofu',
      terraformVersion: '1.8.3',
      formatVersion: '1.2',
    });
    expect(plan.counts).toMatchObject({ add: 1, change: 1 });
    expect(plan.outputs).toEqual([
      {
        name: 'bucket',
        action: 'create',
        sensitive: false,
        after: 'acme-tofu-state',
      },
    ]);
    // The file wins over the configured default.
    expect(
      (await parsePlan(fixture('opentofu.json'), { tool: 'terraform' })).tool,
    ).toBe('opentofu');
  });

  it('takes the tool from the option when the file does not tell', async () => {
    const plan = await parsePlan(fixture('no-changes.json'), {
      tool: 'opentofu',
    });
    expect(plan.tool).toBe('opentofu');
    expect((await parsePlan(fixture('no-changes.json'))).tool).toBe(
      'terraform',
    );
    expect(
      (await parsePlan(fixture('actions.json'), { tool: 'opentofu' })).tool,
    ).toBe('opentofu');
  });

  it('reads a plan with nothing to do', async () => {
    const plan = await parsePlan(fixture('no-changes.json'));
    expect(plan).toMatchObject({
      resources: [],
      drift: [],
      outputs: [],
      applyable: false,
      errored: false,
    });
    expect(Object.values(plan.counts).every(n => n === 0)).toBe(true);
  });

  it('accepts every 1.x format_version', async () => {
    for (const version of ['1.0', '1.1', '1.2', '1.3', '1.10']) {
      const text = fixture('no-changes.json')
        .toString()
        .replace('"1.2"', JSON.stringify(version));
      await expect(parsePlan(Buffer.from(text))).resolves.toMatchObject({
        formatVersion: version,
      });
    }
  });

  it('reads an errored plan', async () => {
    const errored = { ...JSON.parse(fixture('no-changes.json').toString()) };
    errored.errored = true;
    expect(
      (await parsePlan(Buffer.from(JSON.stringify(errored)))).errored,
    ).toBe(true);
  });

  it('reads a stream with a limit, as the service calls it', async () => {
    const plan = await asTheServiceCallsIt(
      Readable.from([fixture('actions.json')]),
      { maxBytes: 1024 * 1024 },
    );
    expect(plan.counts.add).toBe(3);
    expect(plan.detail('aws_instance.web')!.attributes).toEqual([
      { path: 'instance_type', before: 't3.small', after: 't3.medium' },
    ]);
  });

  it('treats keys like __proto__ and constructor as attributes like any other', async () => {
    const text = JSON.stringify({
      format_version: '1.2',
      resource_changes: [
        {
          address: 'aws_s3_object.odd',
          mode: 'managed',
          type: 'aws_s3_object',
          name: 'odd',
          provider_name: 'registry.terraform.io/hashicorp/aws',
          change: {
            actions: ['update'],
            before: { metadata: { constructor: 'a' } },
            after: { metadata: { constructor: 'b', ['__proto__']: 'c' } },
            after_unknown: { metadata: {} },
            before_sensitive: {},
            after_sensitive: {},
          },
        },
      ],
      output_changes: {
        odd: {
          actions: ['create'],
          before: null,
          after: JSON.parse('{"__proto__": {"polluted": true}}'),
          after_unknown: false,
          before_sensitive: false,
          after_sensitive: false,
        },
      },
    });
    const plan = await parsePlan(Buffer.from(text));
    expect(plan.detail('aws_s3_object.odd')!.attributes).toEqual([
      { path: 'metadata.constructor', before: 'a', after: 'b' },
      { path: 'metadata.__proto__', after: 'c' },
    ]);
    expect(JSON.stringify(plan.outputs[0].after)).toBe(
      '{"__proto__":{"polluted":true}}',
    );
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('reads a UTF-8 file with a byte order mark and non-ASCII values', async () => {
    const text = fixture('values.json')
      .toString()
      .replace('"Orders \\"primary\\" database"', '"Bestellungen – Primär ✓"');
    const plan = await parsePlan(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
    );
    expect(plan.detail('aws_db_instance.main')!.attributes).toContainEqual({
      path: 'description',
      after: 'Bestellungen – Primär ✓',
    });
  });
});
