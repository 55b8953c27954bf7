import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { checkRepository, kustomizeBuild } from './checks';
import { dryRunFiles, loadTemplate, startScaffolder } from './scaffold';

const values = {
  name: 'orders-service',
  description: 'Takes orders from the shop and hands them to fulfilment.',
  owner: 'group:default/shop-backend',
  system: 'system:default/shop',
  awsAccountId: '104729384756',
  awsRegion: 'eu-central-1',
};

describe('template node-service', () => {
  let scaffolder: Awaited<ReturnType<typeof startScaffolder>>;
  const checkouts: string[] = [];

  beforeAll(async () => {
    scaffolder = await startScaffolder({
      entities: [loadTemplate('node-service')],
    });
  });

  afterAll(async () => {
    await scaffolder.stop();
    for (const dir of checkouts)
      fs.rmSync(dir, { recursive: true, force: true });
  });

  const checkout = (name: string, branch: string) => {
    const dir = scaffolder.checkout(name, branch);
    checkouts.push(dir);
    return dir;
  };

  it('dry run: renders the repository and skips every GitHub step', async () => {
    const res = await scaffolder.dryRun('node-service', values);
    expect(res.status).toBe(200);
    const files = dryRunFiles(res.body);
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining([
        'repo/package.json',
        'repo/src/app.ts',
        'repo/src/app.test.ts',
        'repo/Dockerfile',
        'repo/catalog-info.yaml',
        'repo/k8s/overlays/production/kustomization.yaml',
        'repo/.github/workflows/ci.yml',
        'repo/.github/CODEOWNERS',
        'repo/mkdocs.yml',
        'develop/package.json',
      ]),
    );
    expect(JSON.parse(files['develop/package.json']).version).toBe(
      '0.2.0-SNAPSHOT',
    );
    const ran = (res.body.steps as Array<{ id: string }>).map(s => s.id);
    expect(ran).toContain('publish-local');
    // Nothing was created by the dry run.
    expect(fs.readdirSync(scaffolder.reposDir)).toEqual([]);
  });

  describe('a real run to local git', () => {
    let main: string;
    let develop: string;
    let result: Awaited<ReturnType<typeof scaffolder.run>>;

    beforeAll(async () => {
      result = await scaffolder.run('node-service', values);
      main = checkout('orders-service', 'main');
      develop = checkout('orders-service', 'develop');
    });

    it('completes', () => {
      expect(result.status).toBe('completed');
    });

    it('creates main at 0.1.0 and develop one commit later at 0.2.0-SNAPSHOT', () => {
      expect(scaffolder.branches('orders-service')).toEqual([
        'develop',
        'main',
      ]);
      const version = (dir: string) =>
        JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
          .version;
      expect(version(main)).toBe('0.1.0');
      expect(version(develop)).toBe('0.2.0-SNAPSHOT');
      const log = execFileSync(
        'git',
        ['log', '--format=%s', 'origin/main..origin/develop'],
        { cwd: develop, encoding: 'utf8' },
      ).trim();
      expect(log).toBe('Start 0.2.0-SNAPSHOT on develop');
      expect(fs.existsSync(path.join(main, 'develop'))).toBe(false);
    });

    it('skips the GitHub steps and waits until the catalog has the component', () => {
      const log = result.log.join('\n');
      expect(log).toMatch(/Skipping step publish-github/);
      expect(log).toMatch(
        /component:default\/orders-service is in the catalog/,
      );
    });

    it('passes every check: workflows, shell, YAML, catalog file, kustomize', async () => {
      expect(await checkRepository(main)).toEqual([]);
    });

    it("passes its own tests with Node's test runner (no install needed)", () => {
      const out = execFileSync('npm', ['test', '--silent'], {
        cwd: main,
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: '' },
      });
      expect(out).toMatch(/# pass 4/);
      expect(out).toMatch(/# fail 0/);
    });

    it('describes itself for the catalog and the portal plugins', () => {
      const entity = parse(
        fs.readFileSync(path.join(main, 'catalog-info.yaml'), 'utf8'),
      );
      expect(entity.metadata.annotations).toEqual({
        'backstage.io/techdocs-ref': 'dir:.',
        'backstage.io/kubernetes-id': 'orders-service',
        'platform-portal.io/ecr-repositories':
          'arn:aws:ecr:eu-central-1:104729384756:repository/orders-service',
        'platform-portal.io/flux-kustomizations': 'flux-system/orders-service',
      });
      expect(entity.spec).toEqual({
        type: 'service',
        lifecycle: 'experimental',
        owner: 'group:default/shop-backend',
        system: 'system:default/shop',
      });
      expect(
        fs.readFileSync(path.join(main, '.github/CODEOWNERS'), 'utf8'),
      ).toMatch(/^\*\s+@orbital-data\/shop-backend$/m);
    });

    it('labels every Kubernetes object for the portal and points at ECR', async () => {
      for (const env of ['dev', 'production']) {
        const docs = parseAllDocuments(
          await kustomizeBuild(path.join(main, 'k8s/overlays', env)),
        ).map(d => d.toJS());
        expect(docs.map(d => d.kind).sort()).toEqual(
          env === 'production'
            ? ['Deployment', 'PodDisruptionBudget', 'Service']
            : ['Deployment', 'Service'],
        );
        for (const doc of docs) {
          expect(doc.metadata.labels).toMatchObject({
            'backstage.io/kubernetes-id': 'orders-service',
            'app.kubernetes.io/part-of': 'shop',
            'platform-portal.io/environment': env,
          });
        }
        const deployment = docs.find(d => d.kind === 'Deployment');
        expect(
          deployment.spec.template.metadata.labels[
            'backstage.io/kubernetes-id'
          ],
        ).toBe('orders-service');
        expect(deployment.spec.template.spec.containers[0].image).toBe(
          `104729384756.dkr.ecr.eu-central-1.amazonaws.com/orders-service:${
            env === 'dev' ? '0.1.0-SNAPSHOT' : '0.1.0'
          }`,
        );
      }
    });

    it('releases through the shared workflow, configured by repository variables', () => {
      const ci = parse(
        fs.readFileSync(path.join(main, '.github/workflows/ci.yml'), 'utf8'),
      );
      expect(ci.jobs.release.uses).toBe(
        'orbital-data/platform-pipelines/.github/workflows/container-service.yml@v1',
      );
      expect(ci.jobs.release.with['version-file']).toBe('package.json');
      expect(ci.jobs.release.with['image-name']).toBe(
        '${{ vars.ECR_REPOSITORY }}',
      );
      expect(ci.jobs.release.permissions['id-token']).toBe('write');
    });

    it('refuses a second repository with the same name, before creating anything', async () => {
      const before = fs.readdirSync(scaffolder.reposDir);
      const again = await scaffolder.run('node-service', values);
      expect(again.status).toBe('failed');
      expect(again.log.join('\n')).toMatch(
        /Repository orders-service already exists .*choose another name/,
      );
      expect(fs.readdirSync(scaffolder.reposDir)).toEqual(before);
      const dry = await scaffolder.dryRun('node-service', values);
      expect(JSON.stringify(dry.body)).toMatch(/already exists/);
    });
  });

  it('refuses a malformed name or account before a task exists', async () => {
    for (const bad of [
      { name: 'Orders_Service' },
      { awsAccountId: '1234' },
      { owner: undefined },
    ]) {
      const res = await scaffolder.call('POST', '/v2/tasks', {
        templateRef: 'template:default/node-service',
        values: { ...values, ...bad },
      });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].property).toMatch(/name|awsAccountId|instance/);
    }
  });

  it('runs without a system', async () => {
    const result = await scaffolder.run('node-service', {
      ...values,
      name: 'stock-service',
      system: undefined,
    });
    expect(result.status).toBe('completed');
    const dir = checkout('stock-service', 'main');
    const entity = parse(
      fs.readFileSync(path.join(dir, 'catalog-info.yaml'), 'utf8'),
    );
    expect(entity.spec.system).toBeUndefined();
    expect(await checkRepository(dir)).toEqual([]);
  });
});
