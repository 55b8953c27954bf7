/*
 * Writes a large, realistic `terraform show -json` plan (Terraform 1.9 shape) to a file, streaming:
 * nested modules (module.platform.module.network["eu-west-1a"] ...), for_each string keys and
 * count indexes, AWS-like attribute objects (tags, blocks, lists, an IAM policy held as an escaped
 * JSON string, base64 user data), sensitive values (passwords, environment variables, private
 * keys), unknown values, mixed actions (no-op, update, create, both replace orders, delete, read,
 * forget, imports, moves), drift, outputs, and the sections a real plan carries besides
 * resource_changes: planned_values, prior_state and configuration.
 *
 * Usage: node generate.mjs <file> [resources] [attributeBytes]
 *   attributeBytes: the approximate size of one attribute object (default 2600, which makes about
 *   10 KB per resource in the file: each object appears in before, after, planned_values and
 *   prior_state), so 10 000 resources are about 100 MB.
 */
import fs from 'node:fs';

export const SECRET_MARKERS = ['bench-secret-', 'BEGIN RSA PRIVATE KEY'];

function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

const REGIONS = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
const SERVICES = [
  'orders',
  'payments',
  'catalog',
  'search',
  'shipping',
  'users',
  'billing',
  'notifications',
];
const TYPES = [
  'aws_instance',
  'aws_security_group',
  'aws_iam_policy',
  'aws_db_instance',
  'aws_lambda_function',
  'aws_s3_bucket',
];
const PROVIDER = 'registry.terraform.io/hashicorp/aws';

function pad(random, n) {
  const alphabet =
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[(random() * 64) | 0];
  return s;
}

function tags(service, env, i, v) {
  return {
    Name: `${service}-${i}`,
    Environment: env,
    Team: `team-${service}`,
    CostCenter: `cc-${1000 + (i % 50)}`,
    'kubernetes.io/cluster/platform': 'owned',
    ManagedBy: 'terraform',
    Revision: `r${v}`,
  };
}

/** One attribute object of about `size` bytes; `v` is the version (0 before, 1 after). */
function attributes(type, i, v, size, random, ctx) {
  const base = {
    arn: `arn:aws:${type.slice(4)}:eu-west-1:104729384756:${type}/${
      ctx.service
    }-${i}`,
    id: `${type.slice(4, 7)}-${((i * 2654435761) >>> 0).toString(16)}`,
    tags: tags(ctx.service, ctx.env, i, v),
    tags_all: tags(ctx.service, ctx.env, i, v),
    timeouts: null,
  };
  let obj;
  switch (type) {
    case 'aws_instance':
      obj = {
        ...base,
        ami: v ? 'ami-0c1a7f89451184c8b' : 'ami-0a8e758f5e873d1c1',
        instance_type: v && i % 3 === 0 ? 'm6i.large' : 'm6i.xlarge',
        availability_zone: ctx.region,
        associate_public_ip_address: false,
        credit_specification: [{ cpu_credits: 'unlimited' }],
        ebs_block_device: [],
        ipv6_addresses: [],
        metadata_options: [
          {
            http_endpoint: 'enabled',
            http_put_response_hop_limit: 2,
            http_tokens: 'required',
            instance_metadata_tags: 'disabled',
          },
        ],
        monitoring: true,
        private_ip: `10.${i % 256}.${(i >> 8) % 256}.${10 + v}`,
        root_block_device: [
          {
            delete_on_termination: true,
            encrypted: true,
            iops: 3000,
            throughput: 125,
            volume_size: 50 + 10 * v,
            volume_type: 'gp3',
            tags: {},
          },
        ],
        security_groups: [],
        subnet_id: `subnet-${(i * 7919).toString(16)}`,
        vpc_security_group_ids: [
          `sg-${(i * 31).toString(16)}`,
          `sg-${(i * 37).toString(16)}`,
        ],
        user_data_base64: null,
      };
      break;
    case 'aws_security_group':
      obj = {
        ...base,
        name: `${ctx.service}-${i}`,
        description: 'Managed by Terraform',
        vpc_id: `vpc-${(i % 7).toString(16)}`,
        revoke_rules_on_delete: false,
        ingress: [0, 1, 2].map(k => ({
          cidr_blocks: [`10.${k}.0.0/16`, `172.16.${k}.0/24`],
          description: `ingress ${k} {from: "lb"}`,
          from_port: 443 + k,
          to_port: 443 + k,
          ipv6_cidr_blocks: [],
          prefix_list_ids: [],
          protocol: 'tcp',
          security_groups: [],
          self: false,
        })),
        egress: [
          {
            cidr_blocks: ['0.0.0.0/0'],
            description: '',
            from_port: 0,
            to_port: 0,
            ipv6_cidr_blocks: ['::/0'],
            prefix_list_ids: [],
            protocol: '-1',
            security_groups: [],
            self: false,
          },
        ],
      };
      break;
    case 'aws_iam_policy':
      obj = {
        ...base,
        name: `${ctx.service}-${i}`,
        path: '/',
        description: `Access for ${ctx.service}`,
        // A JSON document inside a string: lots of escaped quotes, as in real plans.
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [0, 1, 2].map(k => ({
            Sid: `S${k}`,
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:PutObject', 'kms:Decrypt'],
            Resource: [`arn:aws:s3:::${ctx.service}-${ctx.env}-${k}/*`],
            Condition: {
              StringEquals: {
                'aws:PrincipalTag/team': `team-${ctx.service}`,
                'aws:RequestedRegion': 'eu-west-1',
              },
            },
          })),
        }),
        policy_id: `ANPA${pad(random, 17).toUpperCase()}`,
      };
      break;
    case 'aws_db_instance':
      obj = {
        ...base,
        identifier: `${ctx.service}-${i}`,
        engine: 'postgres',
        engine_version: v ? '16.4' : '16.3',
        instance_class: 'db.r6g.large',
        allocated_storage: 100,
        username: 'app',
        password: `bench-secret-pw-${i}-${v}`,
        backup_retention_period: 7,
        multi_az: true,
        storage_encrypted: true,
        parameter_group_name: 'default.postgres16',
        vpc_security_group_ids: [`sg-${(i * 41).toString(16)}`],
        enabled_cloudwatch_logs_exports: ['postgresql', 'upgrade'],
      };
      break;
    case 'aws_lambda_function':
      obj = {
        ...base,
        function_name: `${ctx.service}-${i}`,
        handler: 'index.handler',
        runtime: v ? 'nodejs22.x' : 'nodejs20.x',
        memory_size: 512,
        timeout: 30,
        role: `arn:aws:iam::104729384756:role/${ctx.service}`,
        environment: [
          {
            variables: {
              API_TOKEN: `bench-secret-token-${i}`,
              LOG_LEVEL: v ? 'info' : 'debug',
              SERVICE: ctx.service,
            },
          },
        ],
        tracing_config: [{ mode: 'Active' }],
        layers: [],
      };
      break;
    default:
      obj = {
        ...base,
        bucket: `${ctx.service}-${ctx.env}-${i}`,
        force_destroy: false,
        versioning: [{ enabled: true, mfa_delete: false }],
        server_side_encryption_configuration: [
          {
            rule: [
              {
                apply_server_side_encryption_by_default: [
                  { kms_master_key_id: '', sse_algorithm: 'aws:kms' },
                ],
                bucket_key_enabled: true,
              },
            ],
          },
        ],
        lifecycle_rule: [],
      };
  }
  // Fill to size with settings (small objects: as many tokens as real attributes have) and some
  // user data (a long string), stable across versions so they are not changes.
  let missing = size - JSON.stringify(obj).length;
  const fill = rng(i + 1);
  obj.user_data = missing > 0 ? pad(fill, Math.floor(missing / 3)) : '';
  missing -= obj.user_data.length + 14;
  obj.settings = [];
  for (let k = 0; missing > 0; k++) {
    const setting = {
      name: `setting_${k}`,
      value: pad(fill, 12),
      enabled: k % 2 === 0,
      priority: k,
    };
    obj.settings.push(setting);
    missing -= JSON.stringify(setting).length + 1;
  }
  return obj;
}

function sensitiveOf(type) {
  if (type === 'aws_db_instance')
    return {
      password: true,
      tags: {},
      tags_all: {},
      vpc_security_group_ids: [false],
      enabled_cloudwatch_logs_exports: [false, false],
    };
  if (type === 'aws_lambda_function')
    return { environment: [{ variables: true }], tags: {}, tags_all: {} };
  return { tags: {}, tags_all: {} };
}

/** The plan, written to `file`; returns its size and what it holds. */
export function generatePlan(file, resources = 10000, attributeBytes = 2600) {
  const fd = fs.openSync(file, 'w');
  let pending = '';
  let bytes = 0;
  const write = s => {
    pending += s;
    if (pending.length > 1 << 20) flush();
  };
  const flush = () => {
    bytes += fs.writeSync(fd, pending);
    pending = '';
  };
  const random = rng(42);
  const items = [];
  const actionsFor = r =>
    r < 0.4
      ? ['no-op']
      : r < 0.65
      ? ['update']
      : r < 0.8
      ? ['create']
      : r < 0.83
      ? ['delete', 'create']
      : r < 0.86
      ? ['create', 'delete']
      : r < 0.92
      ? ['delete']
      : r < 0.96
      ? ['read']
      : r < 0.97
      ? ['forget']
      : ['no-op'];
  for (let i = 0; i < resources; i++) {
    const service = SERVICES[i % SERVICES.length];
    const region = REGIONS[(i >> 3) % REGIONS.length];
    const env = ['dev', 'staging', 'production'][i % 3];
    const actions = actionsFor(random());
    const data = actions[0] === 'read';
    const type = data ? 'aws_s3_bucket' : TYPES[(i >> 2) % TYPES.length];
    const moduleAddress = `module.platform.module.services["${service}"].module.network["${region}"]`;
    const forEach = i % 2 === 0;
    const name = `r${i >> 4}`;
    const index = forEach ? `${service}-${i}` : i % 16;
    const address = `${moduleAddress}.${data ? 'data.' : ''}${type}.${name}[${
      typeof index === 'string' ? JSON.stringify(index) : index
    }]`;
    items.push({
      i,
      service,
      region,
      env,
      actions,
      type,
      data,
      moduleAddress,
      name,
      index,
      address,
      importing: random() < 0.02,
      moved: random() < 0.02,
      drift: random() < 0.03,
    });
  }
  const ctxOf = it => ({ service: it.service, env: it.env, region: it.region });
  const before = it =>
    (it.actions[0] === 'create' && it.actions.length === 1) || it.data
      ? null
      : attributes(it.type, it.i, 0, attributeBytes, random, ctxOf(it));
  const after = it => {
    if (it.actions[0] === 'delete' && it.actions.length === 1) return null;
    if (it.actions[0] === 'forget') return null;
    const v = it.actions[0] === 'no-op' ? 0 : 1;
    const a = attributes(it.type, it.i, v, attributeBytes, random, ctxOf(it));
    if (it.actions.includes('create')) {
      delete a.id;
      delete a.arn;
    }
    return a;
  };

  write(
    `{"format_version":"1.2","terraform_version":"1.9.5","variables":{"environment":{"value":"production"},"db_password":{"value":"bench-secret-variable"}},`,
  );
  // planned_values: the after values of everything that will exist.
  write(
    `"planned_values":{"outputs":{"endpoint":{"sensitive":false},"db_password":{"sensitive":true}},"root_module":{"child_modules":[{"address":"module.platform","resources":[`,
  );
  let first = true;
  for (const it of items) {
    const a = after(it);
    if (!a) continue;
    write(
      `${first ? '' : ','}{"address":${JSON.stringify(it.address)},"mode":"${
        it.data ? 'data' : 'managed'
      }","type":"${it.type}","name":"${it.name}","index":${JSON.stringify(
        it.index,
      )},"provider_name":"${PROVIDER}","schema_version":1,"values":${JSON.stringify(
        a,
      )},"sensitive_values":${JSON.stringify(sensitiveOf(it.type))}}`,
    );
    first = false;
  }
  write(`]}]}},`);

  // resource_drift
  write(`"resource_drift":[`);
  first = true;
  for (const it of items) {
    if (!it.drift || it.data || it.actions[0] === 'create') continue;
    const b = attributes(it.type, it.i, 0, attributeBytes, random, ctxOf(it));
    const a = { ...b, tags: { ...b.tags, ChangedOutside: 'yes' } };
    write(
      `${first ? '' : ','}${JSON.stringify({
        address: it.address,
        module_address: it.moduleAddress,
        mode: 'managed',
        type: it.type,
        name: it.name,
        index: it.index,
        provider_name: PROVIDER,
        change: {
          actions: ['update'],
          before: b,
          after: a,
          after_unknown: {},
          before_sensitive: sensitiveOf(it.type),
          after_sensitive: sensitiveOf(it.type),
        },
      })}`,
    );
    first = false;
  }
  write(`],`);

  // resource_changes
  write(`"resource_changes":[`);
  const counts = {};
  first = true;
  for (const it of items) {
    const b = before(it);
    const a = after(it);
    const creating = it.actions.includes('create');
    const change = {
      actions: it.actions,
      before: b,
      after: a,
      after_unknown: creating
        ? { id: true, arn: true, tags: {}, tags_all: {} }
        : it.data
        ? { id: true }
        : {},
      before_sensitive: b ? sensitiveOf(it.type) : false,
      after_sensitive: a ? sensitiveOf(it.type) : false,
    };
    if (it.actions.length === 2)
      change.replace_paths = [['ami'], ['root_block_device', 0, 'volume_size']];
    if (it.importing && it.actions[0] === 'no-op')
      change.importing = { id: `${it.type.slice(4)}-${it.i}` };
    const rc = {
      address: it.address,
      module_address: it.moduleAddress,
      mode: it.data ? 'data' : 'managed',
      type: it.type,
      name: it.name,
      index: it.index,
      provider_name: PROVIDER,
      change,
    };
    if (it.moved && it.actions[0] === 'no-op')
      rc.previous_address = it.address.replace(it.name, `${it.name}_old`);
    if (it.actions.length === 2)
      rc.action_reason =
        it.i % 2 ? 'replace_because_cannot_update' : 'replace_by_request';
    if (it.actions[0] === 'delete' && it.actions.length === 1)
      rc.action_reason = 'delete_because_no_resource_config';
    if (it.data) rc.action_reason = 'read_because_config_unknown';
    const key = it.actions.join(',');
    counts[key] = (counts[key] ?? 0) + 1;
    write(`${first ? '' : ','}${JSON.stringify(rc)}`);
    first = false;
  }
  write(`],`);

  write(
    `"output_changes":{"endpoint":{"actions":["update"],"before":"https://old.example.com","after":null,"after_unknown":true,"before_sensitive":false,"after_sensitive":false},"db_password":{"actions":["update"],"before":"bench-secret-out-1","after":"bench-secret-out-2","after_unknown":false,"before_sensitive":true,"after_sensitive":true}},`,
  );

  // prior_state: the before values of everything that exists.
  write(
    `"prior_state":{"format_version":"1.0","terraform_version":"1.9.5","values":{"outputs":{"endpoint":{"sensitive":false,"value":"https://old.example.com","type":"string"}},"root_module":{"child_modules":[{"address":"module.platform","resources":[`,
  );
  first = true;
  for (const it of items) {
    const b = before(it);
    if (!b) continue;
    write(
      `${first ? '' : ','}{"address":${JSON.stringify(
        it.address,
      )},"mode":"managed","type":"${it.type}","name":"${
        it.name
      }","index":${JSON.stringify(
        it.index,
      )},"provider_name":"${PROVIDER}","schema_version":1,"values":${JSON.stringify(
        b,
      )},"sensitive_values":${JSON.stringify(sensitiveOf(it.type))}}`,
    );
    first = false;
  }
  write(`]}]}}},`);

  // configuration: per resource block, not per instance.
  write(
    `"configuration":{"provider_config":{"aws":{"name":"aws","full_name":"${PROVIDER}","expressions":{"region":{"constant_value":"eu-west-1"}}}},"root_module":{"module_calls":{"platform":{"source":"./modules/platform","module":{"resources":[`,
  );
  first = true;
  for (const type of TYPES) {
    write(
      `${
        first ? '' : ','
      }{"address":"${type}.this","mode":"managed","type":"${type}","name":"this","provider_config_key":"aws","expressions":{"tags":{"references":["var.tags","local.common_tags"]}},"schema_version":1,"for_each_expression":{"references":["var.instances"]}}`,
    );
    first = false;
  }
  write(`]}}}}},`);
  write(
    `"relevant_attributes":[],"timestamp":"2026-11-24T10:00:00Z","applyable":true,"complete":true,"errored":false}`,
  );
  flush();
  fs.closeSync(fd);
  return {
    bytes,
    resources,
    actions: counts,
    drift: items.filter(
      it => it.drift && !it.data && it.actions[0] !== 'create',
    ).length,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, resources, attributeBytes] = process.argv.slice(2);
  const info = generatePlan(
    file,
    Number(resources ?? 10000),
    Number(attributeBytes ?? 2600),
  );
  console.log(JSON.stringify(info));
}
