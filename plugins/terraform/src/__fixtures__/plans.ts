import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_GITHUB_PROJECT_SLUG,
  ANNOTATION_TERRAFORM_ARTIFACTS,
  ANNOTATION_TERRAFORM_WORKSPACES,
  EntityPlansResponse,
  PlanCounts,
  PlanDocument,
  PlanListItem,
  ResourceChange,
  ResourceDetail,
  SENSITIVE,
} from '@platform-portal/plugin-terraform-common';

export const ENTITY_REF = 'component:default/aws-landing-zone';

export function entityWith(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'aws-landing-zone', namespace: 'default', annotations },
    spec: { type: 'infrastructure', lifecycle: 'production', owner: 'infra' },
  };
}

/** Plans from GitHub Actions artifacts and from two HCP Terraform workspaces. */
export const terraformEntity = entityWith({
  [ANNOTATION_GITHUB_PROJECT_SLUG]: 'orbital-data/aws-landing-zone',
  [ANNOTATION_TERRAFORM_ARTIFACTS]: 'github',
  [ANNOTATION_TERRAFORM_WORKSPACES]:
    'orbital-data/landing-zone-dev,orbital-data/landing-zone-production',
});
export const plainEntity = entityWith({
  [ANNOTATION_GITHUB_PROJECT_SLUG]: 'orbital-data/aws-landing-zone',
});

const hoursAgo = (h: number) =>
  new Date(Date.now() - h * 3600_000).toISOString();

export function counts(partial: Partial<PlanCounts> = {}): PlanCounts {
  return {
    add: 0,
    change: 0,
    replace: 0,
    destroy: 0,
    read: 0,
    forget: 0,
    import: 0,
    move: 0,
    noOp: 0,
    drift: 0,
    ...partial,
  };
}

/** The latest plan of dev, from GitHub Actions: its counts are known only from the file. */
export const devLatest: PlanListItem = {
  id: 'plan-dev-latest',
  source: 'github',
  environment: 'dev',
  branch: 'dev',
  run: {
    id: '9001',
    url: 'https://github.com/orbital-data/aws-landing-zone/actions/runs/9001',
    status: 'success',
    triggeredBy: 'alice',
    commit: '0123456789abcdef0123456789abcdef01234567',
  },
  createdAt: hoursAgo(2),
};

export const devOlder: PlanListItem = {
  id: 'plan-dev-older',
  source: 'github',
  environment: 'dev',
  branch: 'dev',
  run: { id: '8990', status: 'success', triggeredBy: 'bob' },
  createdAt: hoursAgo(50),
};

/** The latest plan of production, from HCP Terraform: counts known from the run. */
export const productionLatest: PlanListItem = {
  id: 'plan-production-latest',
  source: 'hcp',
  environment: 'production',
  workspace: 'orbital-data/landing-zone-production',
  branch: 'main',
  run: {
    id: 'run-CZcmD7eagjhyX0vN',
    url: 'https://app.terraform.io/app/orbital-data/workspaces/landing-zone-production/runs/run-CZcmD7eagjhyX0vN',
    status: 'planned',
    triggeredBy: 'carol',
  },
  createdAt: hoursAgo(5),
  counts: counts({ add: 3, change: 2, replace: 1, destroy: 1 }),
};

export const pr12: PlanListItem = {
  id: 'plan-pr-12',
  source: 'github',
  environment: 'dev',
  branch: 'feature/vpc-endpoints',
  pullRequest: {
    number: 12,
    url: 'https://github.com/orbital-data/aws-landing-zone/pull/12',
    title: 'VPC endpoints for S3 and ECR',
  },
  run: { id: '9010', status: 'in_progress', triggeredBy: 'dave' },
  createdAt: hoursAgo(1),
};

export const plansResponse: EntityPlansResponse = {
  entityRef: ENTITY_REF,
  plans: [pr12, devLatest, productionLatest, devOlder],
  errors: [],
};

// --- A plan document with every kind of change ---------------------------------------------

function resource(
  address: string,
  partial: Partial<ResourceChange> & Pick<ResourceChange, 'action'>,
): ResourceChange {
  const moduleMatch = address.match(
    /^(.*)\.(data\.)?([a-z0-9_]+)\.([a-z0-9_]+)(\[.*\])?$/,
  );
  const moduleAddress =
    moduleMatch && moduleMatch[1].startsWith('module.')
      ? moduleMatch[1]
      : undefined;
  const local = moduleAddress
    ? address.slice(moduleAddress.length + 1)
    : address;
  const parts = local.replace(/^data\./, '').split('.');
  return {
    address,
    moduleAddress,
    mode: local.startsWith('data.') ? 'data' : 'managed',
    type: parts[0],
    name: parts[1].replace(/\[.*$/, ''),
    providerName: 'registry.terraform.io/hashicorp/aws',
    changedAttributes: 1,
    ...partial,
  };
}

export const RESOURCES = {
  bucket: resource('aws_s3_bucket.logs', {
    action: 'create',
    changedAttributes: 4,
  }),
  role: resource('aws_iam_role.deployer', {
    action: 'update',
    changedAttributes: 2,
  }),
  instance: resource('module.app["web"].aws_instance.this', {
    action: 'replace',
    replaceOrder: 'create-first',
    actionReason: 'replace_because_cannot_update',
    changedAttributes: 3,
  }),
  oldSubnet: resource('module.network.aws_subnet.legacy', {
    action: 'delete',
    actionReason: 'delete_because_no_resource_config',
  }),
  subnetA: resource('module.network.module.subnets.aws_subnet.private["a"]', {
    action: 'create',
    index: 'a',
  }),
  subnetB: resource('module.network.module.subnets.aws_subnet.private["b"]', {
    action: 'create',
    index: 'b',
  }),
  ami: resource('data.aws_ami.ubuntu', { action: 'read', mode: 'data' }),
  imported: resource('aws_s3_bucket.state', {
    action: 'no-op',
    importing: { id: 'orbital-tf-state' },
    changedAttributes: 0,
  }),
  moved: resource('module.network.aws_vpc.main', {
    action: 'no-op',
    previousAddress: 'aws_vpc.main',
    changedAttributes: 0,
  }),
  forgotten: resource('aws_iam_user.ci', {
    action: 'forget',
    changedAttributes: 0,
  }),
  unchanged: resource('aws_iam_policy.readonly', {
    action: 'no-op',
    changedAttributes: 0,
  }),
};

export const planDocument: PlanDocument = {
  id: productionLatest.id,
  meta: productionLatest,
  formatVersion: '1.2',
  terraformVersion: '1.9.5',
  tool: 'terraform',
  counts: counts({
    add: 3,
    change: 1,
    replace: 1,
    destroy: 1,
    read: 1,
    forget: 1,
    import: 1,
    move: 1,
    noOp: 3,
    drift: 1,
  }),
  resources: Object.values(RESOURCES),
  drift: [
    resource('aws_security_group.bastion', {
      action: 'update',
      changedAttributes: 1,
    }),
  ],
  outputs: [
    { name: 'vpc_id', action: 'create', sensitive: false, afterUnknown: true },
    {
      name: 'bucket_name',
      action: 'update',
      sensitive: false,
      before: 'orbital-logs-old',
      after: 'orbital-logs',
    },
    {
      name: 'db_password',
      action: 'update',
      sensitive: true,
      before: SENSITIVE,
      after: SENSITIVE,
    },
  ],
  applyable: true,
  sizeBytes: 1_572_864,
};

export const instanceDetail: ResourceDetail = {
  ...RESOURCES.instance,
  attributes: [
    {
      path: 'ami',
      before: 'ami-0aaa',
      after: 'ami-0bbb',
      forcesReplacement: true,
    },
    { path: 'id', before: 'i-0123', afterUnknown: true },
    {
      path: 'user_data',
      before: SENSITIVE,
      after: SENSITIVE,
      sensitive: true,
    },
    { path: 'tags.Name', before: 'web', after: 'web-1' },
  ],
};

export const driftDetail: ResourceDetail = {
  ...planDocument.drift[0],
  attributes: [],
  drift: [
    {
      path: 'ingress[0].cidr_blocks[1]',
      before: undefined,
      after: '0.0.0.0/0',
    },
  ],
};

/** A plan of `n` resources spread over modules and types: what a large estate produces. */
export function generatePlan(n: number): PlanDocument {
  const actions = ['create', 'update', 'delete'] as const;
  const resources: ResourceChange[] = Array.from({ length: n }, (_, i) => {
    const moduleAddress = `module.m${i % 10}`;
    const type = `aws_type_${i % 7}`;
    return {
      address: `${moduleAddress}.${type}.r[${i}]`,
      moduleAddress,
      mode: 'managed',
      type,
      name: 'r',
      index: i,
      providerName: 'registry.terraform.io/hashicorp/aws',
      action: actions[i % 3],
      changedAttributes: 1,
    };
  });
  return {
    ...planDocument,
    id: 'plan-large',
    meta: { ...devLatest, id: 'plan-large' },
    counts: counts({
      add: Math.ceil(n / 3),
      change: Math.ceil((n - 1) / 3),
      destroy: Math.floor(n / 3),
    }),
    resources,
    drift: [],
    outputs: [],
    sizeBytes: n * 10_000,
  };
}
