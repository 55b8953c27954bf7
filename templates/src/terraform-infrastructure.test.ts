import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import {
  checkActionlint,
  checkHcl,
  checkRepository,
  checkRunBlocks,
  checkWorkflowParser,
  listFiles,
} from './checks';
import {
  TEMPLATES_DIR,
  dryRunFiles,
  loadTemplate,
  startScaffolder,
} from './scaffold';

// Terraform itself is not installed here (and cannot be downloaded): the generated HCL is parsed
// with the HCL2 parser Terraform CDK ships (@cdktf/hcl2json), and the cross-file references that
// `terraform validate` would check are checked below on the parsed files.

const hcpValues = {
  name: 'shop-infra',
  description:
    'Shared AWS infrastructure of the shop: data buckets and queues.',
  owner: 'group:default/shop-backend',
  system: 'system:default/shop',
  awsAccountId: '104729384756',
  awsRegion: 'eu-central-1',
  stateBackend: 'hcp',
  hcpOrganization: 'orbital-data',
};

const s3Values = {
  name: 'piksel-shared-infra',
  description:
    'Shared Piksel resources: the data products bucket and its access.',
  owner: 'group:default/piksel-platform',
  awsAccountId: '730335468112',
  awsRegion: 'ap-southeast-3',
  stateBackend: 's3',
  stateBucket: 'orbital-terraform-state-730335468112',
  stateLockTable: 'terraform-locks',
};

const SHARED_WORKFLOWS = path.join(
  TEMPLATES_DIR,
  'shared/pipelines/.github/workflows',
);
const REUSABLE_PREFIX = 'orbital-data/platform-pipelines/.github/workflows/';

async function hcl(file: string, content: string): Promise<any> {
  const { parse: parseHcl } = require('@cdktf/hcl2json');
  return parseHcl(path.basename(file), content);
}

const read = (dir: string, file: string) =>
  fs.readFileSync(path.join(dir, file), 'utf8');

/** Every .tf, .tfvars and .tfbackend file parses as HCL2 (checkRepository skips .tfbackend). */
async function hclProblems(dir: string) {
  const problems = [];
  for (const file of listFiles(dir).filter(f =>
    /\.(tf|tfvars|tfbackend|hcl)$/.test(f),
  )) {
    problems.push(...(await checkHcl(file, read(dir, file))));
  }
  return problems;
}

/** What `terraform validate` would catch across files: variables, module inputs and outputs. */
async function terraformReferences(dir: string) {
  const problems: string[] = [];
  const merged = async (files: string[]) => {
    const out: Record<string, any> = {};
    for (const file of files) {
      for (const [key, value] of Object.entries(
        await hcl(file, read(dir, file)),
      )) {
        out[key] = { ...(out[key] ?? {}), ...(value as object) };
      }
    }
    return out;
  };
  const tfFiles = (sub: string) =>
    fs
      .readdirSync(path.join(dir, sub))
      .filter(f => f.endsWith('.tf'))
      .map(f => path.join(sub, f));
  const text = (files: string[]) => files.map(f => read(dir, f)).join('\n');

  const rootFiles = tfFiles('.');
  const root = await merged(rootFiles);
  const declared = Object.keys(root.variable ?? {});
  const required = declared.filter(v => !('default' in root.variable[v][0]));
  for (const env of ['dev', 'production']) {
    const tfvars = await hcl(`${env}.tfvars`, read(dir, `env/${env}.tfvars`));
    for (const key of Object.keys(tfvars)) {
      if (!declared.includes(key))
        problems.push(`env/${env}.tfvars: ${key} is not declared`);
    }
    for (const key of required) {
      if (!(key in tfvars))
        problems.push(`env/${env}.tfvars: required ${key} is not set`);
    }
    if (tfvars.environment !== env)
      problems.push(`env/${env}.tfvars: environment is ${tfvars.environment}`);
  }
  const rootText = text(rootFiles);
  for (const used of rootText.matchAll(/\bvar\.([a-z_0-9]+)/g)) {
    if (!declared.includes(used[1]))
      problems.push(`var.${used[1]} is not declared`);
  }
  for (const v of declared) {
    if (!rootText.includes(`var.${v}`)) problems.push(`var.${v} is unused`);
  }
  for (const used of rootText.matchAll(/\blocal\.([a-z_0-9]+)/g)) {
    if (!(used[1] in (root.locals?.[0] ?? {})))
      problems.push(`local.${used[1]} is not defined`);
  }

  for (const [name, [call]] of Object.entries<any>(root.module ?? {})) {
    const source = call.source as string;
    const moduleFiles = tfFiles(source);
    const mod = await merged(moduleFiles);
    const inputs = Object.keys(mod.variable ?? {});
    for (const arg of Object.keys(call).filter(k => k !== 'source')) {
      if (!inputs.includes(arg))
        problems.push(`module.${name}: ${source} has no variable ${arg}`);
    }
    for (const v of inputs.filter(i => !('default' in mod.variable[i][0]))) {
      if (!(v in call)) problems.push(`module.${name}: required ${v} not set`);
    }
    const moduleText = text(moduleFiles);
    for (const v of inputs) {
      if (!moduleText.includes(`var.${v}`))
        problems.push(`${source}: var.${v} is unused`);
    }
    const outputs = Object.keys(mod.output ?? {});
    for (const used of rootText.matchAll(
      new RegExp(`\\bmodule\\.${name}\\.([a-z_0-9]+)`, 'g'),
    )) {
      if (!outputs.includes(used[1]))
        problems.push(`module.${name}.${used[1]} is not an output`);
    }
  }
  return problems;
}

/** A caller's `with:` and `secrets:` fit the reusable workflow it calls (in templates/shared). */
function reusableCallProblems(workflow: any): string[] {
  const problems: string[] = [];
  for (const [id, job] of Object.entries<any>(workflow.jobs)) {
    if (!job.uses) continue;
    if (!job.uses.startsWith(REUSABLE_PREFIX) || !job.uses.endsWith('@v1')) {
      problems.push(`${id}: unexpected ${job.uses}`);
      continue;
    }
    const file = job.uses.slice(REUSABLE_PREFIX.length, -'@v1'.length);
    const called = parse(
      fs.readFileSync(path.join(SHARED_WORKFLOWS, file), 'utf8'),
    ).on.workflow_call;
    const inputs = called.inputs ?? {};
    for (const key of Object.keys(job.with ?? {})) {
      if (!(key in inputs)) problems.push(`${id}: ${file} has no input ${key}`);
    }
    for (const [key, input] of Object.entries<any>(inputs)) {
      if (input.required && !(key in (job.with ?? {})))
        problems.push(`${id}: required input ${key} missing`);
    }
    for (const key of Object.keys(job.secrets ?? {})) {
      if (!(key in (called.secrets ?? {})))
        problems.push(`${id}: ${file} has no secret ${key}`);
    }
  }
  return problems;
}

describe('template terraform-infrastructure', () => {
  let scaffolder: Awaited<ReturnType<typeof startScaffolder>>;
  const temporary: string[] = [];

  beforeAll(async () => {
    scaffolder = await startScaffolder({
      entities: [loadTemplate('terraform-infrastructure')],
    });
  });

  afterAll(async () => {
    await scaffolder.stop();
    for (const dir of temporary)
      fs.rmSync(dir, { recursive: true, force: true });
  });

  const checkout = (name: string, branch: string) => {
    const dir = scaffolder.checkout(name, branch);
    temporary.push(dir);
    return dir;
  };

  describe('the reusable workflows in templates/shared/pipelines', () => {
    const files = ['checks', 'plan', 'apply'].map(
      kind => `terraform-${kind}.yml`,
    );

    it.each(files)(
      '%s passes actionlint, the workflow parser and shellcheck',
      async file => {
        const content = fs.readFileSync(
          path.join(SHARED_WORKFLOWS, file),
          'utf8',
        );
        expect([
          ...(await checkActionlint(file, content)),
          ...(await checkWorkflowParser(file, content)),
          ...(await checkRunBlocks(file, content)),
        ]).toEqual([]);
      },
    );

    it('publish every plan as terraform-plan-<environment>: plan.json and plan.txt, 30 days', () => {
      const plan = parse(
        fs.readFileSync(
          path.join(SHARED_WORKFLOWS, 'terraform-plan.yml'),
          'utf8',
        ),
      );
      const steps: any[] = plan.jobs.plan.steps;
      const run = steps.find(s => s.id === 'plan').run as string;
      expect(run).toContain('-detailed-exitcode');
      expect(run).toContain('-out=tfplan');
      expect(run).toContain('terraform show -json tfplan > plan.json');
      expect(run).toContain('terraform show -no-color tfplan > plan.txt');
      const upload = steps.find(s => s.id === 'artifact');
      expect(upload.uses).toBe('actions/upload-artifact@v4');
      expect(upload.if).toBeUndefined(); // every mode: pull request, apply, drift
      expect(upload.with).toMatchObject({
        name: 'terraform-plan-${{ inputs.environment }}',
        'retention-days': 30,
      });
      expect(upload.with.path.trim().split('\n')).toEqual([
        '${{ inputs.working-directory }}/plan.json',
        '${{ inputs.working-directory }}/plan.txt',
      ]);
      // The apply applies the saved plan of the same run, in the GitHub environment.
      const apply = parse(
        fs.readFileSync(
          path.join(SHARED_WORKFLOWS, 'terraform-apply.yml'),
          'utf8',
        ),
      ).jobs.apply;
      expect(apply.environment).toBe('${{ inputs.environment }}');
      expect(apply.concurrency['cancel-in-progress']).toBe(false);
      const applyRun = apply.steps.map((s: any) => s.run ?? '').join('\n');
      expect(applyRun).toMatch(/terraform apply -input=false .*tfplan\n/);
      expect(applyRun).not.toContain('-auto-approve');
    });
  });

  it('dry run (HCP Terraform): renders the repository and the hcp backend only', async () => {
    const res = await scaffolder.dryRun('terraform-infrastructure', hcpValues);
    expect(res.status).toBe(200);
    const files = dryRunFiles(res.body);
    const paths = Object.keys(files);
    expect(paths).toEqual(
      expect.arrayContaining([
        'repo/main.tf',
        'repo/variables.tf',
        'repo/outputs.tf',
        'repo/versions.tf',
        'repo/providers.tf',
        'repo/backend.tf',
        'repo/modules/s3-bucket/main.tf',
        'repo/env/dev.tfvars',
        'repo/env/production.tfvars',
        'repo/env/dev.hcp.env',
        'repo/env/production.hcp.env',
        'repo/scripts/hcp-workspaces.sh',
        'repo/.tflint.hcl',
        'repo/.checkov.yaml',
        'repo/.gitignore',
        'repo/.terraform-version',
        'repo/.github/CODEOWNERS',
        'repo/.github/workflows/terraform.yml',
        'repo/.github/workflows/drift.yml',
        'repo/catalog-info.yaml',
        'repo/mkdocs.yml',
        'repo/docs/runbook.md',
      ]),
    );
    expect(paths.filter(p => p.includes('s3.tfbackend'))).toEqual([]);
    expect(files['repo/backend.tf']).toContain('organization = "orbital-data"');
    // Workflows are copied as they are: their ${{ }} are GitHub's.
    expect(files['repo/.github/workflows/terraform.yml']).toContain(
      '${{ vars.AWS_REGION }}',
    );
    for (const file of paths.filter(p => /\.(tf|tfvars)$/.test(p))) {
      expect(await checkHcl(file, files[file])).toEqual([]);
    }
    const ran = (res.body.steps as Array<{ id: string }>).map(s => s.id);
    expect(ran).toContain('publish-local');
    expect(fs.readdirSync(scaffolder.reposDir)).toEqual([]);
  });

  it('dry run (S3): renders the s3 backend only', async () => {
    const res = await scaffolder.dryRun('terraform-infrastructure', s3Values);
    expect(res.status).toBe(200);
    const files = dryRunFiles(res.body);
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining([
        'repo/backend.tf',
        'repo/env/dev.s3.tfbackend',
        'repo/env/production.s3.tfbackend',
      ]),
    );
    expect(Object.keys(files).filter(p => /hcp/.test(p))).toEqual([]);
    expect(files['repo/backend.tf']).toMatch(/backend "s3" \{\}/);
    expect(fs.readdirSync(scaffolder.reposDir)).toEqual([]);
  });

  it('refuses S3 state without a bucket, and a malformed account ID', async () => {
    const { stateBucket, ...noBucket } = s3Values;
    expect(stateBucket).toBeTruthy();
    const res = await scaffolder.dryRun('terraform-infrastructure', noBucket);
    expect(res.status).toBe(400);
    const bad = await scaffolder.dryRun('terraform-infrastructure', {
      ...hcpValues,
      awsAccountId: '1047293847',
    });
    expect(bad.status).toBe(400);
  });

  describe('a real run with HCP Terraform state', () => {
    let main: string;
    let dev: string;

    beforeAll(async () => {
      const result = await scaffolder.run(
        'terraform-infrastructure',
        hcpValues,
      );
      if (result.status !== 'completed') {
        throw new Error(`task ${result.status}:\n${result.log.join('\n')}`);
      }
      main = checkout('shop-infra', 'main');
      dev = checkout('shop-infra', 'dev');
    });

    it('creates main and dev at the same commit', () => {
      expect(scaffolder.branches('shop-infra')).toEqual(['dev', 'main']);
      const head = (dir: string) =>
        execFileSync('git', ['rev-parse', 'HEAD'], {
          cwd: dir,
          encoding: 'utf8',
        }).trim();
      expect(head(dev)).toBe(head(main));
    });

    it('passes every check on both branches; every Terraform file parses as HCL', async () => {
      expect(await checkRepository(main)).toEqual([]);
      expect(await checkRepository(dev)).toEqual([]);
      expect(await hclProblems(main)).toEqual([]);
    });

    it('is consistent as terraform validate would see it', async () => {
      expect(await terraformReferences(main)).toEqual([]);
    });

    it('keeps the state in one HCP Terraform workspace per environment', async () => {
      const backend = await hcl('backend.tf', read(main, 'backend.tf'));
      expect(backend.terraform[0].cloud).toEqual([
        { organization: 'orbital-data' },
      ]);
      expect(backend.terraform[0].backend).toBeUndefined();
      expect(read(main, 'env/dev.hcp.env')).toMatch(
        /^TF_WORKSPACE=shop-infra-dev$/m,
      );
      expect(read(main, 'env/production.hcp.env')).toMatch(
        /^TF_WORKSPACE=shop-infra-production$/m,
      );
      const script = path.join(main, 'scripts/hcp-workspaces.sh');
      expect(fs.statSync(script).mode & 0o111).not.toBe(0);
      expect(fs.readFileSync(script, 'utf8')).toContain(
        'organization="orbital-data"',
      );
    });

    it('pins Terraform and the AWS provider and guards the account', async () => {
      const versions = await hcl('versions.tf', read(main, 'versions.tf'));
      expect(versions.terraform[0].required_providers[0].aws).toEqual({
        source: 'hashicorp/aws',
        version: '~> 5.0',
      });
      expect(read(main, '.terraform-version').trim()).toMatch(/^1\.\d+\.\d+$/);
      const providers = await hcl('providers.tf', read(main, 'providers.tf'));
      const aws = providers.provider.aws[0];
      expect(aws.allowed_account_ids).toEqual(['${var.aws_account_id}']);
      expect(aws.default_tags[0].tags).toMatchObject({
        Environment: '${var.environment}',
        ManagedBy: 'terraform',
      });
      const tfvars = await hcl('dev.tfvars', read(main, 'env/dev.tfvars'));
      expect(tfvars).toMatchObject({
        environment: 'dev',
        aws_account_id: '104729384756',
        aws_region: 'eu-central-1',
      });
      const module = await hcl(
        'main.tf',
        read(main, 'modules/s3-bucket/main.tf'),
      );
      expect(Object.keys(module.resource).sort()).toEqual([
        'aws_s3_bucket',
        'aws_s3_bucket_lifecycle_configuration',
        'aws_s3_bucket_ownership_controls',
        'aws_s3_bucket_policy',
        'aws_s3_bucket_public_access_block',
        'aws_s3_bucket_server_side_encryption_configuration',
        'aws_s3_bucket_versioning',
      ]);
      expect(
        module.resource.aws_s3_bucket_public_access_block.this[0],
      ).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
    });

    it('describes itself for the catalog and the Terraform plugin', () => {
      const entity = parse(read(main, 'catalog-info.yaml'));
      expect(entity.metadata.annotations).toEqual({
        'backstage.io/techdocs-ref': 'dir:.',
        'platform-portal.io/terraform-workspaces':
          'orbital-data/shop-infra-dev,orbital-data/shop-infra-production',
        'platform-portal.io/terraform-artifacts': 'github',
      });
      expect(entity.spec).toEqual({
        type: 'infrastructure',
        lifecycle: 'experimental',
        owner: 'group:default/shop-backend',
        system: 'system:default/shop',
      });
      expect(read(main, '.github/CODEOWNERS')).toMatch(
        /^\*\s+@orbital-data\/shop-backend$/m,
      );
      expect(read(main, 'docs/index.md')).toContain(
        'orbital-data/shop-infra-production',
      );
    });

    it('checks and plans pull requests, applies merges behind the environments', () => {
      const wf = parse(read(main, '.github/workflows/terraform.yml'));
      expect(reusableCallProblems(wf)).toEqual([]);
      expect(wf.on.pull_request.branches).toEqual(['dev', 'main']);
      expect(wf.on.push.branches).toEqual(['dev', 'main']);
      expect(wf.jobs.plan.needs).toBe('checks');
      expect(wf.jobs.plan.strategy.matrix.environment).toContain('fromJSON');
      expect(wf.jobs.plan.permissions).toEqual({
        contents: 'read',
        'id-token': 'write',
        'pull-requests': 'write',
      });
      expect(wf.jobs.plan.secrets['tf-api-token']).toBe(
        '${{ secrets.TF_API_TOKEN }}',
      );
      expect(wf.jobs.apply.needs).toBe('plan');
      expect(wf.jobs.apply.if).toContain("github.event_name == 'push'");
      expect(wf.jobs.apply.with.environment).toBe(
        "${{ github.ref_name == 'main' && 'production' || 'dev' }}",
      );
      // A missing production role never falls back to the dev one.
      expect(wf.jobs.apply.with['aws-role-arn']).toMatch(
        /vars\.AWS_ROLE_ARN_PRODUCTION \|\| .* \|\| '' \}\}$/,
      );
      expect(wf.concurrency['cancel-in-progress']).toBe(
        "${{ github.event_name == 'pull_request' }}",
      );

      const drift = parse(read(main, '.github/workflows/drift.yml'));
      expect(reusableCallProblems(drift)).toEqual([]);
      expect(drift.on.schedule[0].cron).toMatch(/^\S+ \S+ \* \* \S+$/);
      expect(drift.jobs.drift.with.mode).toBe('drift');
      expect(drift.jobs.drift.strategy.matrix.include).toEqual([
        { environment: 'dev', branch: 'dev' },
        { environment: 'production', branch: 'main' },
      ]);
      expect(drift.jobs.drift.permissions.issues).toBe('write');
    });

    it('builds its TechDocs with mkdocs --strict', () => {
      const site = fs.mkdtempSync(path.join(os.tmpdir(), 'mkdocs-site-'));
      temporary.push(site);
      execFileSync('mkdocs', ['build', '--strict', '--site-dir', site], {
        cwd: main,
        stdio: 'pipe',
      });
      expect(fs.existsSync(path.join(site, 'runbook/index.html'))).toBe(true);
    });

    it('refuses a second repository with the same name, before creating anything', async () => {
      const before = fs.readdirSync(scaffolder.reposDir);
      const again = await scaffolder.run('terraform-infrastructure', {
        ...hcpValues,
        description: 'Another try with the same name, which is taken.',
      });
      expect(again.status).toBe('failed');
      expect(again.log.join('\n')).toMatch(
        /Repository shop-infra already exists .*choose another name/,
      );
      expect(fs.readdirSync(scaffolder.reposDir)).toEqual(before);
      expect(scaffolder.branches('shop-infra')).toEqual(['dev', 'main']);
      const dry = await scaffolder.dryRun(
        'terraform-infrastructure',
        hcpValues,
      );
      expect(JSON.stringify(dry.body)).toMatch(/already exists/);
    });
  });

  describe('a real run with S3 state', () => {
    let main: string;
    let dev: string;

    beforeAll(async () => {
      const result = await scaffolder.run('terraform-infrastructure', s3Values);
      if (result.status !== 'completed') {
        throw new Error(`task ${result.status}:\n${result.log.join('\n')}`);
      }
      main = checkout('piksel-shared-infra', 'main');
      fs.cpSync(main, '/tmp/tfout-s3', { recursive: true });
      dev = checkout('piksel-shared-infra', 'dev');
    });

    it('passes every check on both branches; every Terraform file parses as HCL', async () => {
      expect(scaffolder.branches('piksel-shared-infra')).toEqual([
        'dev',
        'main',
      ]);
      expect(await checkRepository(main)).toEqual([]);
      expect(await checkRepository(dev)).toEqual([]);
      expect(await hclProblems(main)).toEqual([]);
      expect(await hclProblems(dev)).toEqual([]);
      expect(await terraformReferences(main)).toEqual([]);
    });

    it('keeps each environment under its own key, locked in DynamoDB', async () => {
      const backend = await hcl('backend.tf', read(main, 'backend.tf'));
      expect(backend.terraform[0].backend).toEqual({ s3: [{}] });
      expect(backend.terraform[0].cloud).toBeUndefined();
      for (const env of ['dev', 'production']) {
        const file = `env/${env}.s3.tfbackend`;
        expect(await hcl(file, read(main, file))).toEqual({
          bucket: 'orbital-terraform-state-730335468112',
          key: `piksel-shared-infra/${env}/terraform.tfstate`,
          region: 'ap-southeast-3',
          dynamodb_table: 'terraform-locks',
          encrypt: true,
        });
      }
      expect(fs.existsSync(path.join(main, 'scripts'))).toBe(false);
      expect(listFiles(main).filter(f => f.includes('hcp'))).toEqual([]);
    });

    it('annotates the plan artifacts but no workspaces', () => {
      const entity = parse(read(main, 'catalog-info.yaml'));
      expect(entity.metadata.annotations).toEqual({
        'backstage.io/techdocs-ref': 'dir:.',
        'platform-portal.io/terraform-artifacts': 'github',
      });
      expect(entity.spec.system).toBeUndefined();
      expect(read(main, 'README.md')).toContain(
        's3://orbital-terraform-state-730335468112/piksel-shared-infra/production/terraform.tfstate',
      );
    });
  });
});
