import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { checkRepository, kustomizeBuild } from './checks';
import {
  TEMPLATES_DIR,
  TaskResult,
  dryRunFiles,
  loadTemplate,
  startScaffolder,
} from './scaffold';

const TEMPLATE = 'python-service';
const SKELETON = path.join(TEMPLATES_DIR, TEMPLATE, 'skeleton');
const VERSION_RULES = path.join(
  TEMPLATES_DIR,
  'shared/pipelines/version-rules.mjs',
);

const values = {
  name: 'lumen-alerts-service',
  // Quotes and a backslash: they must survive TOML, YAML and Markdown.
  description:
    'Raises "KPI out of range" alerts from Lumen metrics (thresholds per site\\region).',
  owner: 'group:default/lumen-backend',
  system: 'system:default/lumen-analytics',
  awsAccountId: '104729384756',
  awsRegion: 'eu-central-1',
};

/** The platform version rules' CLI on a generated repository, as the pipeline runs it. */
function versionRules(dir: string, branch: string) {
  const r = spawnSync(
    process.execPath,
    [VERSION_RULES, '--branch', branch, '--file', 'pyproject.toml'],
    { cwd: dir, encoding: 'utf8' },
  );
  return { status: r.status, decision: JSON.parse(r.stdout), stderr: r.stderr };
}

/** pyproject.toml through the shared pipelines' own TOML reader. */
function readToml(file: string): Record<string, unknown> {
  const out = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { parseToml } from ${JSON.stringify(VERSION_RULES)};
       import { readFileSync } from 'node:fs';
       const doc = parseToml(readFileSync(${JSON.stringify(file)}, 'utf8'));
       process.stdout.write(JSON.stringify(Object.fromEntries(doc)));`,
    ],
    { encoding: 'utf8' },
  );
  return JSON.parse(out);
}

const python = (code: string) =>
  spawnSync('/usr/bin/python3', ['-c', code], { encoding: 'utf8' }).status ===
  0;
const HAS_FASTAPI = python('import fastapi, httpx, pytest');
const HAS_MKDOCS_MATERIAL = python('import mkdocs, material');

describe('template python-service', () => {
  let scaffolder: Awaited<ReturnType<typeof startScaffolder>>;
  const temporary: string[] = [];

  beforeAll(async () => {
    scaffolder = await startScaffolder({ entities: [loadTemplate(TEMPLATE)] });
  });

  afterAll(async () => {
    await scaffolder.stop();
    for (const dir of temporary) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  const checkout = (name: string, branch: string) => {
    const dir = scaffolder.checkout(name, branch);
    temporary.push(dir);
    return dir;
  };
  const read = (dir: string, file: string) =>
    fs.readFileSync(path.join(dir, file), 'utf8');

  it('dry run: renders the service and develop/pyproject.toml, creates nothing', async () => {
    const res = await scaffolder.dryRun(TEMPLATE, values);
    expect(res.status).toBe(200);
    const files = dryRunFiles(res.body);
    expect(Object.keys(files).sort()).toEqual([
      '.dockerignore',
      '.github/CODEOWNERS',
      '.github/workflows/ci.yml',
      '.gitignore',
      'Dockerfile',
      'README.md',
      'app/__init__.py',
      'app/main.py',
      'app/settings.py',
      'catalog-info.yaml',
      'develop/pyproject.toml',
      'docs/api.md',
      'docs/index.md',
      'docs/pipeline.md',
      'docs/runbook.md',
      'k8s/base/deployment.yaml',
      'k8s/base/kustomization.yaml',
      'k8s/base/service.yaml',
      'k8s/overlays/dev/kustomization.yaml',
      'k8s/overlays/production/kustomization.yaml',
      'k8s/overlays/production/pdb.yaml',
      'mkdocs.yml',
      'pyproject.toml',
      'requirements-dev.txt',
      'requirements.txt',
      'tests/__init__.py',
      'tests/test_main.py',
    ]);
    expect(files['pyproject.toml']).toMatch(/^version = "0\.1\.0"$/m);
    expect(files['develop/pyproject.toml']).toMatch(
      /^version = "0\.2\.0-SNAPSHOT"$/m,
    );
    // develop differs from main in the version line only
    expect(
      files['develop/pyproject.toml'].replace('0.2.0-SNAPSHOT', '0.1.0'),
    ).toBe(files['pyproject.toml']);
    const log = (res.body.log as Array<{ body: { message: string } }>)
      .map(l => l.body.message)
      .join('\n');
    expect(log).toMatch(
      /Dry run: would create develop from main in lumen-alerts-service with the files of \.\/develop/,
    );
    expect(fs.readdirSync(scaffolder.reposDir)).toEqual([]);
  });

  describe('a real run to local git', () => {
    let result: TaskResult;
    let main: string;
    let develop: string;

    beforeAll(async () => {
      result = await scaffolder.run(TEMPLATE, values);
      if (result.status !== 'completed') {
        throw new Error(`task ${result.status}:\n${result.log.join('\n')}`);
      }
      main = checkout(values.name, 'main');
      develop = checkout(values.name, 'develop');
    });

    it('completes with links to the repository and the catalog entity', () => {
      expect(result.output.links).toEqual([
        {
          title: 'Repository',
          url: expect.stringMatching(/^file:.*\/lumen-alerts-service\.git$/),
        },
        {
          title: 'Open in catalog',
          icon: 'catalog',
          entityRef: 'component:default/lumen-alerts-service',
        },
      ]);
    });

    it('creates main at 0.1.0 and develop one commit later at 0.2.0-SNAPSHOT, pyproject.toml only', () => {
      expect(scaffolder.branches(values.name)).toEqual(['develop', 'main']);
      const git = (...args: string[]) =>
        execFileSync('git', args, { cwd: develop, encoding: 'utf8' }).trim();
      expect(git('log', '--format=%s', 'origin/main..origin/develop')).toBe(
        'Start 0.2.0-SNAPSHOT on develop',
      );
      expect(git('diff', '--name-only', 'origin/main', 'origin/develop')).toBe(
        'pyproject.toml',
      );
      expect(fs.existsSync(path.join(main, 'develop'))).toBe(false);
      expect(readToml(path.join(main, 'pyproject.toml'))).toMatchObject({
        'project.name': values.name,
        'project.version': '0.1.0',
        'project.description': values.description,
        'project.requires-python': '>=3.12',
        'tool.ruff.target-version': 'py312',
        'tool.pytest.ini_options.testpaths': ['tests'],
      });
    });

    it('satisfies the platform version rules on both branches', () => {
      const onMain = versionRules(main, 'main');
      expect(onMain.status).toBe(0);
      expect(onMain.decision).toMatchObject({
        action: 'release',
        version: '0.1.0',
        gitTag: 'v0.1.0',
        imageTags: ['0.1.0'],
        mutable: false,
      });
      const onDevelop = versionRules(develop, 'develop');
      expect(onDevelop.status).toBe(0);
      expect(onDevelop.decision).toMatchObject({
        action: 'snapshot',
        version: '0.2.0-SNAPSHOT',
        imageTags: ['0.2.0-SNAPSHOT', 'develop'],
        mutable: true,
      });
      // and the branches are not interchangeable
      expect(versionRules(develop, 'main').status).toBe(1);
      expect(versionRules(main, 'develop').status).toBe(1);
    });

    it('passes every check on main and develop: workflows, YAML, catalog file, kustomize', async () => {
      expect(await checkRepository(main)).toEqual([]);
      expect(await checkRepository(develop)).toEqual([]);
    });

    // Debian's python3-fastapi, python3-httpx and python3-pytest: skipped, saying so, without them.
    (HAS_FASTAPI ? describe : describe.skip)(
      HAS_FASTAPI
        ? 'with /usr/bin/python3 and FastAPI'
        : 'SKIPPED: /usr/bin/python3 cannot import fastapi, httpx and pytest (apt-get install python3-fastapi python3-httpx python3-pytest)',
      () => {
        it('passes its own pytest suite', () => {
          const r = spawnSync(
            '/usr/bin/python3',
            ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'],
            {
              cwd: main,
              encoding: 'utf8',
              env: {
                PATH: process.env.PATH,
                HOME: os.tmpdir(),
                PYTHONDONTWRITEBYTECODE: '1',
              },
            },
          );
          expect(`${r.stdout}${r.stderr}`).toMatch(/\b7 passed\b/);
          expect(r.status).toBe(0);
        });
      },
    );

    (HAS_MKDOCS_MATERIAL ? describe : describe.skip)(
      HAS_MKDOCS_MATERIAL
        ? 'with mkdocs-material'
        : 'SKIPPED: /usr/bin/python3 cannot import mkdocs and material (apt-get install mkdocs-material)',
      () => {
        it('builds its TechDocs with mkdocs build --strict', () => {
          const site = fs.mkdtempSync(path.join(os.tmpdir(), 'python-site-'));
          temporary.push(site);
          const r = spawnSync(
            '/usr/bin/python3',
            ['-m', 'mkdocs', 'build', '--strict', '--site-dir', site],
            { cwd: main, encoding: 'utf8' },
          );
          expect(r.stderr).not.toMatch(/WARNING|ERROR/);
          expect(r.status).toBe(0);
          expect(fs.existsSync(path.join(site, 'pipeline/index.html'))).toBe(
            true,
          );
        });
      },
    );

    it('describes itself for the catalog and the portal plugins', () => {
      const entity = parse(read(main, 'catalog-info.yaml'));
      expect(entity.metadata.name).toBe(values.name);
      expect(entity.metadata.description).toBe(values.description);
      expect(entity.metadata.annotations).toEqual({
        'backstage.io/techdocs-ref': 'dir:.',
        'backstage.io/kubernetes-id': values.name,
        'platform-portal.io/ecr-repositories': `arn:aws:ecr:eu-central-1:104729384756:repository/${values.name}`,
        'platform-portal.io/flux-kustomizations': `flux-system/${values.name}`,
      });
      expect(entity.spec).toEqual({
        type: 'service',
        lifecycle: 'experimental',
        owner: values.owner,
        system: values.system,
      });
      expect(read(main, '.github/CODEOWNERS')).toMatch(
        /^\*\s+@orbital-data\/lumen-backend$/m,
      );
      const mkdocs = parse(read(main, 'mkdocs.yml'));
      expect(mkdocs).toMatchObject({
        site_name: values.name,
        site_description: values.description,
        theme: { name: 'material' },
      });
      expect(mkdocs.plugins).toBeUndefined();
      for (const page of ['index.md', 'api.md', 'pipeline.md', 'runbook.md']) {
        expect(JSON.stringify(mkdocs.nav)).toContain(page);
        expect(read(main, `docs/${page}`)).not.toMatch(/\$\{\{|\{%/);
      }
      expect(read(main, 'README.md')).toMatch(/not a valid Python \(PEP 440\)/);
    });

    it('labels every Kubernetes object for the portal, per environment, with the ECR image', async () => {
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
          expect(doc.metadata.namespace).toBe(values.name);
          expect(doc.metadata.labels).toMatchObject({
            'backstage.io/kubernetes-id': values.name,
            'app.kubernetes.io/part-of': 'lumen-analytics',
            'platform-portal.io/environment': env,
          });
        }
        const deployment = docs.find(d => d.kind === 'Deployment');
        const pod = deployment.spec.template;
        expect(pod.metadata.labels['backstage.io/kubernetes-id']).toBe(
          values.name,
        );
        expect(pod.spec.securityContext).toMatchObject({
          runAsNonRoot: true,
          runAsUser: 10001,
        });
        const [container] = pod.spec.containers;
        expect(container.image).toBe(
          `104729384756.dkr.ecr.eu-central-1.amazonaws.com/${values.name}:${
            env === 'dev' ? 'develop' : '0.1.0'
          }`,
        );
        expect(container.env).toEqual([{ name: 'ENV', value: env }]);
        expect(container.ports).toEqual([
          { name: 'http', containerPort: 8000 },
        ]);
        expect(container.readinessProbe.httpGet.path).toBe('/readyz');
        expect(container.livenessProbe.httpGet.path).toBe('/healthz');
        expect(deployment.spec.replicas).toBe(env === 'dev' ? 1 : 3);
      }
    });

    it('builds a non-root uvicorn image from requirements.txt, never as a wheel', () => {
      const dockerfile = read(main, 'Dockerfile');
      expect(dockerfile.match(/^FROM python:3\.12-slim\b/gm)).toHaveLength(2);
      expect(dockerfile).toMatch(
        /^RUN pip install --requirement \/tmp\/requirements\.txt$/m,
      );
      expect(dockerfile).not.toMatch(/pip install[^\n]*\s\.(\s|$)/);
      expect(dockerfile).toMatch(/^COPY app \.\/app$/m);
      expect(dockerfile).toMatch(/^USER 10001:10001$/m);
      expect(dockerfile).toMatch(/^CMD \["uvicorn", "app\.main:app"/m);
      for (const file of ['requirements.txt', 'requirements-dev.txt']) {
        const lines = read(main, file)
          .split('\n')
          .filter(l => l.trim() && !l.startsWith('#'));
        expect(lines.length).toBeGreaterThan(0);
        for (const line of lines) {
          expect(line).toMatch(
            /^([A-Za-z0-9._-]+==\d[\w.]*|-r requirements\.txt)$/,
          );
        }
      }
      expect(read(main, 'requirements.txt')).toMatch(/^fastapi==/m);
      expect(read(main, 'requirements-dev.txt')).toMatch(/^pytest==/m);
      expect(read(main, 'requirements-dev.txt')).toMatch(/^ruff==/m);
      expect(read(main, 'app/settings.py')).toMatch(
        /^SERVICE_NAME = "lumen-alerts-service"$/m,
      );
    });

    it('tests and lints on every push, releases through the shared workflow', () => {
      const text = read(main, '.github/workflows/ci.yml');
      // copied without templating: GitHub evaluates the expressions
      expect(text).toBe(
        fs.readFileSync(
          path.join(SKELETON, '.github/workflows/ci.yml'),
          'utf8',
        ),
      );
      const ci = parse(text);
      const steps = ci.jobs.test.steps;
      expect(
        steps.find((s: any) => s.uses?.startsWith('actions/setup-python@'))
          .with,
      ).toEqual({
        'python-version': '3.12',
        cache: 'pip',
        'cache-dependency-path': 'requirements*.txt',
      });
      const runs = steps.map((s: any) => s.run ?? '').join('\n');
      expect(runs).toMatch(/ruff check/);
      expect(runs).toMatch(/pytest/);
      expect(ci.jobs.release).toEqual({
        name: 'Release',
        needs: 'test',
        if: "github.event_name == 'push' && (github.ref_name == 'main' || github.ref_name == 'develop')",
        permissions: {
          contents: 'write',
          'id-token': 'write',
          'security-events': 'write',
        },
        uses: 'orbital-data/platform-pipelines/.github/workflows/container-service.yml@v1',
        with: {
          'version-file': 'pyproject.toml',
          'image-name': '${{ vars.ECR_REPOSITORY }}',
          'aws-account-id': '${{ vars.AWS_ACCOUNT_ID }}',
          'aws-region': '${{ vars.AWS_REGION }}',
          'aws-role-arn': '${{ vars.AWS_ROLE_ARN }}',
          'gitops-repository': '${{ vars.GITOPS_REPOSITORY }}',
          'gitops-path': '${{ vars.GITOPS_PATH }}',
        },
        secrets: { 'gitops-token': '${{ secrets.GITOPS_TOKEN }}' },
      });
    });

    it('refuses a second repository with the same name and changes nothing', async () => {
      const before = fs.readdirSync(scaffolder.reposDir);
      const heads = () =>
        execFileSync(
          'git',
          [
            '--git-dir',
            path.join(scaffolder.reposDir, `${values.name}.git`),
            'show-ref',
          ],
          { encoding: 'utf8' },
        );
      const refs = heads();
      const again = await scaffolder.run(TEMPLATE, {
        ...values,
        description: 'Another one',
      });
      expect(again.status).toBe('failed');
      expect(again.log.join('\n')).toMatch(
        /Repository lumen-alerts-service already exists .*choose another name/,
      );
      expect(fs.readdirSync(scaffolder.reposDir)).toEqual(before);
      expect(heads()).toBe(refs);
      const dry = await scaffolder.dryRun(TEMPLATE, values);
      expect(JSON.stringify(dry.body)).toMatch(
        /Repository lumen-alerts-service already exists/,
      );
    });
  });

  it('without a system, in another region', async () => {
    const name = 'lumen-thresholds-api';
    const result = await scaffolder.run(TEMPLATE, {
      ...values,
      name,
      system: undefined,
      awsRegion: 'eu-west-1',
    });
    expect(result.status).toBe('completed');
    const dir = checkout(name, 'main');
    const entity = parse(read(dir, 'catalog-info.yaml'));
    expect(entity.spec.system).toBeUndefined();
    expect(entity.metadata.annotations).toMatchObject({
      'platform-portal.io/ecr-repositories': `arn:aws:ecr:eu-west-1:104729384756:repository/${name}`,
    });
    expect(entity.metadata.links[0].url).toContain(
      'https://eu-west-1.console.aws.amazon.com/ecr/',
    );
    const docs = parseAllDocuments(
      await kustomizeBuild(path.join(dir, 'k8s/overlays/production')),
    ).map(d => d.toJS());
    expect(docs[0].metadata.labels['app.kubernetes.io/part-of']).toBe(name);
    const deployment = docs.find(d => d.kind === 'Deployment');
    expect(deployment.spec.template.spec.containers[0].image).toBe(
      `104729384756.dkr.ecr.eu-west-1.amazonaws.com/${name}:0.1.0`,
    );
    expect(await checkRepository(dir)).toEqual([]);
  });

  it('refuses a malformed name or account before a task exists', async () => {
    for (const bad of [
      { name: 'Lumen_Alerts' },
      { name: 'alerts-' },
      { awsAccountId: '10472938475' },
      { awsRegion: 'mars-north-1' },
      { owner: undefined },
    ]) {
      const res = await scaffolder.call('POST', '/v2/tasks', {
        templateRef: `template:default/${TEMPLATE}`,
        values: { ...values, ...bad },
      });
      expect(res.status).toBe(400);
    }
  });
});

describe('template python-service, publishing to GitHub (dry run)', () => {
  // A stand-in for the GitHub API: only the name check may reach it in a dry run.
  const requests: string[] = [];
  let server: http.Server;
  let scaffolder: Awaited<ReturnType<typeof startScaffolder>>;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      const taken = req.url === '/repos/orbital-data/lumen-taken-service';
      res.writeHead(taken ? 200 : 404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          taken
            ? { id: 1, name: 'lumen-taken-service' }
            : { message: 'Not Found' },
        ),
      );
    });
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    const { port } = server.address() as AddressInfo;
    scaffolder = await startScaffolder({
      entities: [loadTemplate(TEMPLATE)],
      config: {
        integrations: {
          github: [
            {
              host: 'github.com',
              token: 'unused',
              apiBaseUrl: `http://127.0.0.1:${port}`,
            },
          ],
        },
        portal: {
          scaffolder: {
            publishTarget: 'github',
            github: { organization: 'orbital-data' },
          },
        },
      },
    });
  });

  afterAll(async () => {
    await scaffolder.stop();
    await new Promise(resolve => server.close(resolve));
  });

  it('annotates the project slug and configures the repository, environments and catalog', async () => {
    const res = await scaffolder.dryRun(TEMPLATE, values);
    expect(res.status).toBe(200);
    expect(requests).toEqual(['GET /repos/orbital-data/lumen-alerts-service']);
    const files = dryRunFiles(res.body);
    expect(
      parse(files['catalog-info.yaml']).metadata.annotations[
        'github.com/project-slug'
      ],
    ).toBe('orbital-data/lumen-alerts-service');
    // Steps an offline dry run cannot perform log their rendered input instead.
    const inputs: Record<string, any> = {};
    for (const entry of res.body.log as Array<{
      body: { message: string; stepId?: string };
    }>) {
      const m =
        /Running (\S+) in dry-run mode with inputs \(secrets redacted\): ([\s\S]*)$/.exec(
          entry.body.message,
        );
      if (m && entry.body.stepId) inputs[entry.body.stepId] = JSON.parse(m[2]);
    }
    expect(inputs['publish-github']).toMatchObject({
      repoUrl: 'github.com?owner=orbital-data&repo=lumen-alerts-service',
      defaultBranch: 'main',
      repoVisibility: 'internal',
      protectDefaultBranch: true,
      requiredApprovingReviewCount: 1,
      requireCodeOwnerReviews: true,
      deleteBranchOnMerge: true,
      repoVariables: {
        AWS_ACCOUNT_ID: '104729384756',
        AWS_REGION: 'eu-central-1',
        AWS_ROLE_ARN:
          'arn:aws:iam::104729384756:role/github-actions-lumen-alerts-service',
        ECR_REPOSITORY: 'lumen-alerts-service',
        GITOPS_REPOSITORY: 'orbital-data/platform-gitops',
        GITOPS_PATH: 'apps/lumen-alerts-service',
      },
      oidcCustomization: {
        useDefault: false,
        includeClaimKeys: ['repo', 'context', 'job_workflow_ref'],
      },
    });
    expect(inputs['environment-dev']).toMatchObject({
      name: 'dev',
      deploymentBranchPolicy: {
        protected_branches: false,
        custom_branch_policies: true,
      },
      customBranchPolicyNames: ['develop'],
    });
    expect(inputs['environment-dev'].reviewers).toBeUndefined();
    expect(inputs['environment-production']).toMatchObject({
      name: 'production',
      customBranchPolicyNames: ['main'],
      reviewers: ['group:default/lumen-backend'],
    });
    expect(inputs.register).toMatchObject({
      catalogInfoPath: '/catalog-info.yaml',
    });
  });

  it('refuses a name already taken on GitHub', async () => {
    const res = await scaffolder.dryRun(TEMPLATE, {
      ...values,
      name: 'lumen-taken-service',
    });
    expect(JSON.stringify(res.body)).toMatch(
      /orbital-data\/lumen-taken-service already exists on github\.com/,
    );
    expect(res.body.directoryContents ?? []).toEqual([]);
  });
});
