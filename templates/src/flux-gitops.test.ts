import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse, parseAllDocuments } from 'yaml';
import { checkRepository, kustomizeBuild, listFiles } from './checks';
import { dryRunFiles, loadTemplate, startScaffolder } from './scaffold';

const execFileAsync = promisify(execFile);

const clusters = {
  dev: 'dev-cluster',
  staging: 'staging-cluster',
  production: 'prod-cluster',
};

const values = {
  name: 'platform-gitops',
  description:
    'Desired state of the shared platform clusters, reconciled by Flux.',
  owner: 'group:default/cloud-infrastructure',
  system: 'system:default/dokaseca',
  environments: ['dev', 'production'],
  clusters,
  baseDomain: 'platform.orbital-data.example.com',
  acmeEmail: 'platform-team@orbital-data.example.com',
  fluxVersion: '2.8.6',
};

type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
  };
  spec?: any;
};

const FLUX_API_VERSIONS: Record<string, string> = {
  GitRepository: 'source.toolkit.fluxcd.io/v1',
  HelmRepository: 'source.toolkit.fluxcd.io/v1',
  Kustomization: 'kustomize.toolkit.fluxcd.io/v1',
  HelmRelease: 'helm.toolkit.fluxcd.io/v2',
  ImageRepository: 'image.toolkit.fluxcd.io/v1',
  ImagePolicy: 'image.toolkit.fluxcd.io/v1',
  ImageUpdateAutomation: 'image.toolkit.fluxcd.io/v1',
};

const isFlux = (o: KubeObject) => /\.fluxcd\.io\//.test(o.apiVersion);

function yamlObjects(content: string): KubeObject[] {
  return parseAllDocuments(content)
    .map(d => d.toJS())
    .filter(Boolean);
}

/** Every object Flux applies for a cluster: its directory's files and each kustomization built. */
async function clusterObjects(repo: string, cluster: string) {
  const files = listFiles(path.join(repo, 'clusters', cluster)).filter(f =>
    f.endsWith('.yaml'),
  );
  const own = files.flatMap(f =>
    yamlObjects(
      fs.readFileSync(path.join(repo, 'clusters', cluster, f), 'utf8'),
    ),
  );
  const built: KubeObject[] = [];
  for (const k of own.filter(o => o.kind === 'Kustomization')) {
    if (k.metadata.name === 'flux-system') continue;
    built.push(
      ...yamlObjects(await kustomizeBuild(path.join(repo, k.spec.path))),
    );
  }
  // The per-application Kustomizations applied by "apps".
  for (const k of built.filter(o => isFlux(o) && o.kind === 'Kustomization')) {
    built.push(
      ...yamlObjects(await kustomizeBuild(path.join(repo, k.spec.path))),
    );
  }
  return { own, built, all: [...own, ...built] };
}

/**
 * Shapes and references Flux itself would refuse or leave unready: API versions, required
 * fields, sources that exist, dependsOn targets that exist, image markers naming real policies.
 * (`@kubernetes-models/flux-cd` is not installed here, so these are checked by hand.)
 */
function fluxProblems(objects: KubeObject[], repo: string): string[] {
  const problems: string[] = [];
  const ref = (o: KubeObject) =>
    `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  const find = (kind: string, name: string, namespace?: string) =>
    objects.find(
      o =>
        o.kind === kind &&
        isFlux(o) &&
        o.metadata.name === name &&
        (namespace === undefined || o.metadata.namespace === namespace),
    );
  for (const o of objects.filter(isFlux)) {
    if (FLUX_API_VERSIONS[o.kind] !== o.apiVersion) {
      problems.push(`${ref(o)}: apiVersion ${o.apiVersion}`);
    }
    if (!o.metadata.namespace) problems.push(`${ref(o)}: no namespace`);
    const spec = o.spec ?? {};
    if (
      o.kind !== 'ImagePolicy' &&
      !/^\d+[hms](\d+[ms])?(\d+s)?$/.test(spec.interval)
    ) {
      problems.push(`${ref(o)}: interval ${spec.interval}`);
    }
    switch (o.kind) {
      case 'GitRepository':
        if (!/^(ssh|https?):\/\//.test(spec.url))
          problems.push(`${ref(o)}: url ${spec.url}`);
        if (!spec.ref?.branch) problems.push(`${ref(o)}: no branch`);
        break;
      case 'HelmRepository':
        if (!/^https:\/\//.test(spec.url))
          problems.push(`${ref(o)}: url ${spec.url}`);
        break;
      case 'Kustomization': {
        if (typeof spec.prune !== 'boolean') problems.push(`${ref(o)}: prune`);
        if (
          !/^\.\//.test(spec.path) ||
          !fs.existsSync(path.join(repo, spec.path))
        ) {
          problems.push(`${ref(o)}: path ${spec.path} does not exist`);
        }
        if (
          !find('GitRepository', spec.sourceRef?.name, o.metadata.namespace)
        ) {
          problems.push(`${ref(o)}: source ${spec.sourceRef?.name} not found`);
        }
        for (const dep of spec.dependsOn ?? []) {
          if (!find('Kustomization', dep.name, o.metadata.namespace)) {
            problems.push(`${ref(o)}: dependsOn ${dep.name} not found`);
          }
        }
        if (spec.wait && spec.healthChecks) {
          problems.push(`${ref(o)}: healthChecks are ignored with wait: true`);
        }
        for (const check of spec.healthChecks ?? []) {
          const target = objects.find(
            t =>
              t.kind === check.kind &&
              t.metadata.name === check.name &&
              t.metadata.namespace === check.namespace,
          );
          if (!target)
            problems.push(
              `${ref(o)}: health check target ${check.name} not applied`,
            );
        }
        break;
      }
      case 'HelmRelease': {
        const source = spec.chart?.spec?.sourceRef;
        if (!spec.chart?.spec?.chart || !spec.chart?.spec?.version) {
          problems.push(`${ref(o)}: chart and version are required`);
        }
        if (
          source?.kind !== 'HelmRepository' ||
          !find('HelmRepository', source.name, o.metadata.namespace)
        ) {
          problems.push(`${ref(o)}: chart source ${source?.name} not found`);
        }
        break;
      }
      case 'ImagePolicy':
        if (
          !find(
            'ImageRepository',
            spec.imageRepositoryRef?.name,
            o.metadata.namespace,
          )
        ) {
          problems.push(`${ref(o)}: image repository not found`);
        }
        if (!spec.policy?.semver?.range) problems.push(`${ref(o)}: no policy`);
        break;
      case 'ImageUpdateAutomation':
        if (
          !find('GitRepository', spec.sourceRef?.name, o.metadata.namespace)
        ) {
          problems.push(`${ref(o)}: source not found`);
        }
        if (!spec.git?.commit?.author?.email || !spec.git?.push?.branch) {
          problems.push(
            `${ref(o)}: git commit author and push branch are required`,
          );
        }
        if (spec.update?.strategy !== 'Setters')
          problems.push(`${ref(o)}: strategy`);
        break;
      default:
        break;
    }
  }
  return problems;
}

/** `{"$imagepolicy": "<ns>:<name>[:field]"}` markers in a file, as `<ns>/<name>`. */
function imagePolicyMarkers(content: string): string[] {
  return [
    ...content.matchAll(
      /\{"\$imagepolicy": "([^:"]+):([^:"]+)(?::(?:name|tag|digest))?"\}/g,
    ),
  ].map(m => `${m[1]}/${m[2]}`);
}

/** The inputs of the template's GitHub steps are inputs the actions declare. */
function githubInputProblems(template: any): string[] {
  const gh = require('@backstage/plugin-scaffolder-backend-module-github');
  const actions = [
    gh.createPublishGithubAction,
    gh.createGithubEnvironmentAction,
    gh.createGithubBranchProtectionAction,
  ].map(create => create({ integrations: {}, config: {}, catalog: {} }));
  const problems: string[] = [];
  for (const step of template.spec.steps) {
    const action = actions.find(a => a.id === step.action);
    if (!action) continue;
    const schema = action.schema.input;
    for (const key of Object.keys(step.input)) {
      if (!(key in schema.properties))
        problems.push(`${step.id}: unknown input ${key}`);
    }
    for (const key of schema.required ?? []) {
      if (!(key in step.input))
        problems.push(`${step.id}: missing input ${key}`);
    }
  }
  return problems;
}

describe('template flux-gitops', () => {
  let scaffolder: Awaited<ReturnType<typeof startScaffolder>>;
  const cleanup: string[] = [];

  beforeAll(async () => {
    scaffolder = await startScaffolder({
      entities: [loadTemplate('flux-gitops')],
    });
  });

  afterAll(async () => {
    await scaffolder.stop();
    for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
  });

  const checkout = (name: string) => {
    const dir = scaffolder.checkout(name, 'main');
    cleanup.push(dir);
    return dir;
  };
  const read = (dir: string, file: string) =>
    fs.readFileSync(path.join(dir, file), 'utf8');
  const subdirs = (dir: string) =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .filter(d => d.isDirectory())
      .map(d => d.name)
      .sort();

  it('declares only inputs the GitHub actions accept', () => {
    expect(githubInputProblems(loadTemplate('flux-gitops'))).toEqual([]);
  });

  it('dry run: one cluster directory per environment, image automation on dev only', async () => {
    const res = await scaffolder.dryRun('flux-gitops', values);
    expect(res.status).toBe(200);
    const files = Object.keys(dryRunFiles(res.body));
    expect(files).toEqual(
      expect.arrayContaining([
        'repo/catalog-info.yaml',
        'repo/mkdocs.yml',
        'repo/docs/index.md',
        'repo/.github/CODEOWNERS',
        'repo/.github/workflows/validate.yml',
        'repo/scripts/validate.sh',
        'repo/clusters/dev-cluster/flux-system/gotk-sync.yaml',
        'repo/clusters/dev-cluster/infrastructure.yaml',
        'repo/clusters/dev-cluster/apps.yaml',
        'repo/clusters/dev-cluster/image-update-automation.yaml',
        'repo/clusters/prod-cluster/flux-system/gotk-sync.yaml',
        'repo/clusters/prod-cluster/apps.yaml',
        'repo/infrastructure/base/controllers/traefik.yaml',
        'repo/infrastructure/overlays/production/controllers/kustomization.yaml',
        'repo/apps/overlays/production/podinfo.yaml',
        'repo/apps/podinfo/overlays/dev/kustomization.yaml',
      ]),
    );
    expect(files.filter(f => /staging/.test(f))).toEqual([]);
    expect(files).not.toContain(
      'repo/clusters/prod-cluster/image-update-automation.yaml',
    );
    const ran = (res.body.steps as Array<{ id: string }>).map(s => s.id);
    expect(ran).toContain('publish-local');
    expect(fs.readdirSync(scaffolder.reposDir)).toEqual([]);
  });

  describe('a real run with dev and production', () => {
    let repo: string;

    beforeAll(async () => {
      const result = await scaffolder.run('flux-gitops', values);
      if (result.status !== 'completed') {
        throw new Error(`task ${result.status}:\n${result.log.join('\n')}`);
      }
      repo = checkout('platform-gitops');
    });

    it('passes every check: YAML, workflow, shell, catalog file, kustomize build of every kustomization', async () => {
      expect(await checkRepository(repo)).toEqual([]);
    });

    it('has a cluster directory and overlays for the chosen environments only', () => {
      expect(subdirs(path.join(repo, 'clusters'))).toEqual([
        'dev-cluster',
        'prod-cluster',
      ]);
      for (const dir of [
        'infrastructure/overlays',
        'apps/overlays',
        'apps/podinfo/overlays',
      ]) {
        expect(subdirs(path.join(repo, dir))).toEqual(['dev', 'production']);
      }
      expect(
        fs.existsSync(
          path.join(
            repo,
            'clusters/dev-cluster/flux-system/kustomization.yaml',
          ),
        ),
      ).toBe(false);
      expect(
        fs.statSync(path.join(repo, 'scripts/validate.sh')).mode & 0o111,
      ).toBeTruthy();
    });

    it('describes itself for the catalog and the Flux and Kubernetes plugins', () => {
      const entity = parse(read(repo, 'catalog-info.yaml'));
      expect(entity.metadata.annotations).toEqual({
        'backstage.io/techdocs-ref': 'dir:.',
        'backstage.io/kubernetes-id': 'platform-gitops',
        'platform-portal.io/flux-kustomizations':
          'flux-system/flux-system,flux-system/infrastructure,flux-system/infrastructure-configs,flux-system/apps',
      });
      expect(entity.spec).toEqual({
        type: 'gitops',
        lifecycle: 'experimental',
        owner: 'group:default/cloud-infrastructure',
        system: 'system:default/dokaseca',
        dependsOn: [
          'resource:default/dev-cluster',
          'resource:default/prod-cluster',
        ],
      });
      expect(read(repo, '.github/CODEOWNERS')).toMatch(
        /^\*\s+@orbital-data\/cloud-infrastructure$/m,
      );
    });

    it('syncs each cluster from its own directory, in order: infrastructure, configs, apps', async () => {
      for (const [env, cluster] of [
        ['dev', 'dev-cluster'],
        ['production', 'prod-cluster'],
      ]) {
        const { own, all } = await clusterObjects(repo, cluster);
        const kustomizations = Object.fromEntries(
          all
            .filter(o => o.kind === 'Kustomization' && isFlux(o))
            .map(o => [o.metadata.name, o.spec]),
        );
        expect(Object.keys(kustomizations).sort()).toEqual([
          'apps',
          'flux-system',
          'infrastructure',
          'infrastructure-configs',
          'podinfo',
        ]);
        expect(kustomizations['flux-system'].path).toBe(
          `./clusters/${cluster}`,
        );
        expect(kustomizations.infrastructure).toMatchObject({
          path: `./infrastructure/overlays/${env}/controllers`,
          prune: true,
          wait: true,
          timeout: '10m',
        });
        expect(kustomizations['infrastructure-configs'].dependsOn).toEqual([
          { name: 'infrastructure' },
        ]);
        expect(kustomizations.apps).toMatchObject({
          path: `./apps/overlays/${env}`,
          dependsOn: [{ name: 'infrastructure-configs' }],
          wait: true,
        });
        expect(kustomizations.podinfo).toMatchObject({
          path: `./apps/podinfo/overlays/${env}`,
          healthChecks: [
            {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name: 'podinfo',
              namespace: 'podinfo',
            },
          ],
        });
        const git = own.find(o => o.kind === 'GitRepository')!;
        // Published locally: the GitHub URL of the organisation, to be confirmed (commented).
        expect(git.spec.url).toBe(
          'ssh://git@github.com/orbital-data/platform-gitops',
        );
        expect(fluxProblems(all, repo)).toEqual([]);
        const kinds = all.map(o => o.kind);
        expect(kinds).toEqual(
          expect.arrayContaining([
            'HelmRepository',
            'HelmRelease',
            'ClusterIssuer',
            'Ingress',
          ]),
        );
        expect(kinds.includes('ImageUpdateAutomation')).toBe(env === 'dev');
        expect(kinds.includes('ImagePolicy')).toBe(env === 'dev');
      }
    });

    it('labels every object it applies for the Kubernetes tab and with its environment', async () => {
      for (const [env, cluster] of [
        ['dev', 'dev-cluster'],
        ['production', 'prod-cluster'],
      ]) {
        const { own, built } = await clusterObjects(repo, cluster);
        for (const o of [...own, ...built]) {
          const app =
            o.metadata.name === 'podinfo' || o.metadata.namespace === 'podinfo';
          expect([o.kind, o.metadata.name, o.metadata.labels]).toEqual([
            o.kind,
            o.metadata.name,
            expect.objectContaining({
              'backstage.io/kubernetes-id': app ? 'podinfo' : 'platform-gitops',
              // Bootstrap's own objects are the same on every cluster.
              ...(o.metadata.name === 'flux-system'
                ? {}
                : { 'platform-portal.io/environment': env }),
            }),
          ]);
        }
        const app = built.filter(
          o => o.metadata.labels?.['backstage.io/kubernetes-id'] === 'podinfo',
        );
        const deployment = app.find(o => o.kind === 'Deployment')!;
        expect(
          deployment.spec.template.metadata.labels[
            'backstage.io/kubernetes-id'
          ],
        ).toBe('podinfo');
        expect(deployment.spec.replicas).toBe(env === 'production' ? 3 : 1);
        expect(deployment.spec.template.spec.containers[0].image).toBe(
          'ghcr.io/stefanprodan/podinfo:6.9.0',
        );
        const ingress = app.find(o => o.kind === 'Ingress')!;
        const host = `podinfo.${
          env === 'production' ? 'prod' : env
        }.platform.orbital-data.example.com`;
        expect(ingress.spec.rules[0].host).toBe(host);
        expect(ingress.spec.tls[0].hosts).toEqual([host]);
        expect(
          app
            .filter(
              o =>
                o.metadata.namespace !== 'flux-system' &&
                o.kind !== 'Namespace',
            )
            .every(o => o.metadata.namespace === 'podinfo'),
        ).toBe(true);
      }
    });

    it('writes Flux image automation markers on dev only, naming existing policies', async () => {
      const dev = read(repo, 'apps/podinfo/overlays/dev/kustomization.yaml');
      expect(imagePolicyMarkers(dev)).toEqual([
        'flux-system/podinfo',
        'flux-system/podinfo',
      ]);
      expect(
        imagePolicyMarkers(
          read(repo, 'apps/podinfo/overlays/production/kustomization.yaml'),
        ),
      ).toEqual([]);
      const { all } = await clusterObjects(repo, 'dev-cluster');
      const policies = all
        .filter(o => o.kind === 'ImagePolicy')
        .map(o => `${o.metadata.namespace}/${o.metadata.name}`);
      expect(policies).toEqual(['flux-system/podinfo']);
      const automation = all.find(o => o.kind === 'ImageUpdateAutomation')!;
      expect(automation.metadata.namespace).toBe('flux-system');
      expect(automation.spec.update.path).toBe('./apps');
      // The Go template of the commit message survived nunjucks.
      expect(automation.spec.git.commit.messageTemplate).toMatch(
        /\{\{ range \.Changed\.Changes -\}\}/,
      );
    });

    it('validates every kustomization in CI with kubeconform and the Flux schemas of its release', async () => {
      const workflow = parse(read(repo, '.github/workflows/validate.yml'));
      expect(Object.keys(workflow.on).sort()).toEqual([
        'pull_request',
        'push',
        'workflow_dispatch',
      ]);
      expect(workflow.env.FLUX_VERSION).toBe(
        "${{ vars.FLUX_VERSION || 'latest' }}",
      );
      // Branch protection requires the job by its name.
      const publish = loadTemplate('flux-gitops') as any;
      expect(
        publish.spec.steps.find((s: any) => s.id === 'publish-github').input
          .requiredStatusCheckContexts,
      ).toEqual([workflow.jobs.validate.name]);
      const steps = workflow.jobs.validate.steps
        .map((s: any) => s.run ?? s.uses)
        .join('\n');
      expect(steps).toMatch(/scripts\/validate\.sh/);
      expect(steps).toMatch(/kubeconform/);
      const script = read(repo, 'scripts/validate.sh');
      expect(script).toMatch(
        /fluxcd\/flux2\/releases\/download\/v\$\{flux_version#v\}\/crd-schemas\.tar\.gz/,
      );
      expect(script).toMatch(/-strict/);
    });

    it('scripts/validate.sh builds every kustomization and fails when one does not build', async () => {
      // Offline stand-ins: kubeconform records what it is given, the schemas are "already there".
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-'));
      cleanup.push(tmp);
      const bin = path.join(tmp, 'bin');
      const schemas = path.join(tmp, 'schemas');
      fs.mkdirSync(bin);
      fs.mkdirSync(schemas);
      fs.writeFileSync(
        path.join(schemas, 'kustomization-kustomize-v1.json'),
        '{}',
      );
      const calls = path.join(tmp, 'calls');
      fs.writeFileSync(
        path.join(bin, 'kubeconform'),
        `#!/usr/bin/env bash\nlast="\${*: -1}"\nif [ "$last" = - ]; then cat > /dev/null; fi\necho "$last" >> "${calls}"\n`,
        { mode: 0o755 },
      );
      const env = {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        SCHEMA_DIR: schemas,
      };
      const kustomizations = listFiles(repo).filter(f =>
        f.endsWith('kustomization.yaml'),
      );
      const { stdout } = await execFileAsync(
        'bash',
        [path.join(repo, 'scripts/validate.sh'), repo],
        { env },
      );
      expect(stdout).toContain(
        `INFO - ${kustomizations.length} kustomizations built and validated`,
      );
      const logged = fs.readFileSync(calls, 'utf8').trim().split('\n');
      expect(logged.filter(l => l === '-')).toHaveLength(kustomizations.length);
      expect(logged).toContain(
        './clusters/dev-cluster/flux-system/gotk-sync.yaml',
      );
      expect(logged).toContain('./clusters/prod-cluster/apps.yaml');

      // A broken overlay fails the script.
      const broken = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-broken-'));
      cleanup.push(broken);
      fs.cpSync(repo, broken, { recursive: true });
      fs.appendFileSync(
        path.join(
          broken,
          'apps/podinfo/overlays/production/kustomization.yaml',
        ),
        '  - ../../missing-base\n',
      );
      await expect(
        execFileAsync(
          'bash',
          [path.join(broken, 'scripts/validate.sh'), broken],
          { env },
        ),
      ).rejects.toMatchObject({
        stderr: expect.stringContaining(
          'apps/podinfo/overlays/production does not build',
        ),
      });
    });

    it("builds its TechDocs with Debian's mkdocs --strict", () => {
      const site = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-site-'));
      cleanup.push(site);
      execFileSync('mkdocs', ['build', '--strict', '--site-dir', site], {
        cwd: repo,
        stdio: 'pipe',
      });
      const index = fs.readFileSync(path.join(site, 'index.html'), 'utf8');
      expect(index).toContain('prod-cluster');
      expect(fs.existsSync(path.join(site, 'operations', 'index.html'))).toBe(
        true,
      );
    });

    it('refuses a second repository with the same name, before creating anything', async () => {
      const before = fs.readdirSync(scaffolder.reposDir);
      const again = await scaffolder.run('flux-gitops', values);
      expect(again.status).toBe('failed');
      expect(again.log.join('\n')).toMatch(
        /Repository platform-gitops already exists .*choose another name/,
      );
      expect(fs.readdirSync(scaffolder.reposDir)).toEqual(before);
      const dry = await scaffolder.dryRun('flux-gitops', values);
      expect(JSON.stringify(dry.body)).toMatch(/already exists/);
    });
  });

  it('a real run with dev, staging and production: three clusters, all valid', async () => {
    const result = await scaffolder.run('flux-gitops', {
      ...values,
      name: 'fleet-gitops',
      environments: ['dev', 'staging', 'production'],
    });
    expect(result.status).toBe('completed');
    const repo = checkout('fleet-gitops');
    expect(await checkRepository(repo)).toEqual([]);
    expect(subdirs(path.join(repo, 'clusters'))).toEqual([
      'dev-cluster',
      'prod-cluster',
      'staging-cluster',
    ]);
    expect(subdirs(path.join(repo, 'apps/podinfo/overlays'))).toEqual([
      'dev',
      'production',
      'staging',
    ]);
    const { all } = await clusterObjects(repo, 'staging-cluster');
    expect(fluxProblems(all, repo)).toEqual([]);
    const traefik = all.find(
      o => o.kind === 'HelmRelease' && o.metadata.name === 'traefik',
    )!;
    expect(traefik.spec.values.deployment.replicas).toBe(2);
    expect(traefik.spec.values.podDisruptionBudget).toEqual({
      enabled: true,
      minAvailable: 1,
    });
    expect(parse(read(repo, 'catalog-info.yaml')).spec.dependsOn).toEqual([
      'resource:default/dev-cluster',
      'resource:default/staging-cluster',
      'resource:default/prod-cluster',
    ]);
    expect(read(repo, 'docs/operations.md')).toMatch(/promoted by hand/);
  });

  it('a real run with production only, on a differently named cluster and without a system', async () => {
    const result = await scaffolder.run('flux-gitops', {
      ...values,
      name: 'edge-gitops',
      system: undefined,
      environments: ['production'],
      clusters: { ...clusters, production: 'orbital-prod' },
    });
    expect(result.status).toBe('completed');
    const repo = checkout('edge-gitops');
    expect(await checkRepository(repo)).toEqual([]);
    expect(subdirs(path.join(repo, 'clusters'))).toEqual(['orbital-prod']);
    expect(
      listFiles(repo).filter(f =>
        /image-update-automation|overlays\/dev/.test(f),
      ),
    ).toEqual([]);
    const entity = parse(read(repo, 'catalog-info.yaml'));
    expect(entity.spec.system).toBeUndefined();
    expect(entity.spec.dependsOn).toEqual(['resource:default/orbital-prod']);
    expect(
      parse(
        read(repo, 'clusters/orbital-prod/flux-system/gotk-sync.yaml').split(
          '---',
        )[2],
      ).spec.path,
    ).toBe('./clusters/orbital-prod');
  });

  it('refuses no environment, a repeated or unknown one, and a malformed cluster name', async () => {
    for (const bad of [
      { environments: [] },
      { environments: ['dev', 'dev'] },
      { environments: ['qa'] },
      { clusters: { ...clusters, dev: 'Dev_Cluster' } },
    ]) {
      const res = await scaffolder.call('POST', '/v2/tasks', {
        templateRef: 'template:default/flux-gitops',
        values: { ...values, ...bad },
      });
      expect(res.status).toBe(400);
    }
  });
});
