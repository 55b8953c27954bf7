import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { checkRepository, kustomizeBuild, listFiles } from './checks';
import {
  TEMPLATES_DIR,
  TaskResult,
  dryRunFiles,
  loadTemplate,
  startScaffolder,
} from './scaffold';

const TEMPLATE = 'monorepo-component';
const FIXTURE = path.resolve(TEMPLATES_DIR, '../examples/repos/lumen-ml');
const REPO = 'lumen-ml';
const VERSION_RULES = path.join(
  TEMPLATES_DIR,
  'shared/pipelines/version-rules.mjs',
);

const service = {
  repository: `system:default/${REPO}`,
  componentKind: 'service',
  name: 'lumen-anomaly',
  // Quotes and a backslash: they must survive TOML, YAML, Markdown and the commit message.
  description:
    'Flags "unusual" KPI movements (per site\\region) for the Lumen dashboards.',
  owner: 'group:default/lumen-backend',
  system: 'system:default/lumen-analytics',
  awsAccountId: '104729384756',
  awsRegion: 'eu-central-1',
};

const library = {
  ...service,
  componentKind: 'library',
  name: 'lumen-geo-utils',
  description: 'Geometry helpers shared by the Lumen services and DAGs.',
  owner: 'group:default/lumen-data-engineering',
  system: undefined,
  awsRegion: 'eu-west-1',
};

const SERVICE_FILES = [
  '.dockerignore',
  '.gitignore',
  'Dockerfile',
  'README.md',
  'app/__init__.py',
  'app/main.py',
  'catalog-info.yaml',
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
];

const LIBRARY_FILES = [
  '.gitignore',
  'README.md',
  'catalog-info.yaml',
  'docs/index.md',
  'docs/releases.md',
  'docs/usage.md',
  'lumen_geo_utils/__init__.py',
  'lumen_geo_utils/environment.py',
  'mkdocs.yml',
  'pyproject.toml',
  'requirements-dev.txt',
  'tests/__init__.py',
  'tests/test_environment.py',
];

/** What the change adds, relative to the mono-repo's root, sorted as git sorts them. */
const added = (dir: string, name: string, files: string[]) =>
  [
    `.github/workflows/${name}.yml`,
    ...files.map(f => `${dir}/${name}/${f}`),
  ].sort();

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Lumen',
  GIT_AUTHOR_EMAIL: 'lumen@orbital-data.example',
  GIT_COMMITTER_NAME: 'Lumen',
  GIT_COMMITTER_EMAIL: 'lumen@orbital-data.example',
  GIT_AUTHOR_DATE: '2026-10-01T09:00:00Z',
  GIT_COMMITTER_DATE: '2026-10-01T09:00:00Z',
};
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: gitEnv }).trim();

/** The fixture as scripts/seed-repos.mjs seeds it: one commit on main, a bare repository. */
function seedMonorepo(reposDir: string) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lumen-ml-seed-'));
  try {
    fs.cpSync(FIXTURE, work, { recursive: true });
    git(work, 'init', '-q', '--initial-branch=main');
    git(work, 'add', '-A');
    git(work, 'commit', '-q', '-m', `Initial import of ${REPO}`);
    git(
      reposDir,
      'clone',
      '-q',
      '--bare',
      work,
      path.join(reposDir, `${REPO}.git`),
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const python = (code: string) =>
  spawnSync('/usr/bin/python3', ['-c', code], { encoding: 'utf8' }).status ===
  0;
const HAS_FASTAPI = python('import fastapi, httpx, pytest');
const HAS_PYTEST = python('import pytest');
const HAS_MKDOCS_MATERIAL = python('import mkdocs, material');

function pytest(cwd: string) {
  const r = spawnSync(
    '/usr/bin/python3',
    ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'],
    {
      cwd,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: os.tmpdir(),
        PYTHONDONTWRITEBYTECODE: '1',
      },
    },
  );
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

function mkdocsBuild(cwd: string, site: string) {
  return spawnSync(
    '/usr/bin/python3',
    ['-m', 'mkdocs', 'build', '--strict', '--site-dir', site],
    { cwd, encoding: 'utf8' },
  );
}

/** The platform version rules' CLI, as the pipeline runs it from the mono-repo's root. */
function versionRules(dir: string, branch: string, file: string) {
  const r = spawnSync(
    process.execPath,
    [VERSION_RULES, '--branch', branch, '--file', file],
    { cwd: dir, encoding: 'utf8' },
  );
  return { status: r.status, decision: JSON.parse(r.stdout || '{}') };
}

const logOf = (body: any) =>
  (body.log as Array<{ body: { message: string } }>)
    .map(l => l.body.message)
    .join('\n');

describe('template monorepo-component', () => {
  let scaffolder: Awaited<ReturnType<typeof startScaffolder>>;
  const temporary: string[] = [];
  const bare = () => path.join(scaffolder.reposDir, `${REPO}.git`);
  const refs = () => git(bare(), 'show-ref');
  const checkout = (branch: string) => {
    const dir = scaffolder.checkout(REPO, branch);
    temporary.push(dir);
    return dir;
  };
  const read = (dir: string, file: string) =>
    fs.readFileSync(path.join(dir, file), 'utf8');

  beforeAll(async () => {
    scaffolder = await startScaffolder({ entities: [loadTemplate(TEMPLATE)] });
    seedMonorepo(scaffolder.reposDir);
  });

  afterAll(async () => {
    await scaffolder.stop();
    for (const dir of temporary) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the fixture mono-repo itself passes the checks', async () => {
    expect(await checkRepository(FIXTURE)).toEqual([]);
  });

  it('dry run: renders the change under ./change, creates nothing', async () => {
    const before = refs();
    const res = await scaffolder.dryRun(TEMPLATE, service);
    expect(res.status).toBe(200);
    const files = dryRunFiles(res.body);
    expect(Object.keys(files).sort()).toEqual(
      added('services', service.name, SERVICE_FILES).map(f => `change/${f}`),
    );
    expect(logOf(res.body)).toMatch(
      /Dry run: would create portal\/add-lumen-anomaly from main in lumen-ml with the files of \.\/change/,
    );
    expect(refs()).toBe(before);
  });

  it('dry run: refuses a directory that exists on main, of either kind, and a missing repository', async () => {
    for (const [values, message] of [
      [
        { ...service, name: 'scoring' },
        /services\/scoring already exists on main of lumen-ml; choose another name/,
      ],
      // a service may not take the name of an existing library either
      [
        { ...service, name: 'features' },
        /libs\/features already exists on main of lumen-ml/,
      ],
      [
        { ...service, repository: 'system:default/lumen-nope' },
        /Repository lumen-nope does not exist in /,
      ],
    ] as const) {
      const res = await scaffolder.dryRun(TEMPLATE, values);
      expect(JSON.stringify(res.body)).toMatch(message);
    }
  });

  describe('a service, for real, on local git', () => {
    let result: TaskResult;
    let branch: string;
    const BRANCH = `portal/add-${service.name}`;
    const DIR = `services/${service.name}`;

    beforeAll(async () => {
      result = await scaffolder.run(TEMPLATE, service);
      if (result.status !== 'completed') {
        throw new Error(`task ${result.status}:\n${result.log.join('\n')}`);
      }
      branch = checkout(BRANCH);
    });

    it('links to the review branch, the mono-repo and the future component', () => {
      expect(result.output.links).toEqual([
        {
          title: `Review branch ${BRANCH}`,
          url: expect.stringMatching(
            /^file:.*\/lumen-ml\.git\/tree\/portal%2Fadd-lumen-anomaly$/,
          ),
        },
        {
          title: 'The mono-repo in the catalog',
          icon: 'catalog',
          entityRef: 'system:default/lumen-ml',
        },
        {
          title: 'lumen-anomaly in the catalog (once merged)',
          icon: 'catalog',
          entityRef: 'component:default/lumen-anomaly',
        },
      ]);
      const text = result.output.text.map((t: any) => t.content).join('\n');
      expect(text).toMatch(/local stand-in for a pull request/);
      expect(text).toMatch(/git diff main\.\.\.portal\/add-lumen-anomaly/);
      expect(text).toMatch(
        /`\/services\/lumen-anomaly\/ @orbital-data\/lumen-backend`/,
      );
    });

    it('adds exactly the new files, in one commit on top of main, and leaves main alone', () => {
      expect(scaffolder.branches(REPO)).toEqual(['main', BRANCH]);
      expect(git(bare(), 'log', '--format=%s', 'main')).toBe(
        `Initial import of ${REPO}`,
      );
      expect(git(bare(), 'rev-list', '--count', `main..${BRANCH}`)).toBe('1');
      expect(git(bare(), 'rev-parse', `${BRANCH}~1`)).toBe(
        git(bare(), 'rev-parse', 'main'),
      );
      const diff = git(bare(), 'diff', '--name-status', `main...${BRANCH}`)
        .split('\n')
        .map(l => l.split('\t'));
      expect(diff.every(([status]) => status === 'A')).toBe(true);
      expect(diff.map(([, file]) => file)).toEqual(
        added('services', service.name, SERVICE_FILES),
      );
      // the working tree of the branch: the fixture plus the new files, nothing else
      expect(listFiles(branch)).toEqual(
        [
          ...listFiles(FIXTURE),
          ...added('services', service.name, SERVICE_FILES),
        ].sort(),
      );
      const message = git(bare(), 'log', '-1', '--format=%B', BRANCH);
      expect(message.split('\n')[0]).toBe(`Add ${DIR}: ${service.description}`);
      expect(message).toMatch(/owned by group:default\/lumen-backend/);
      expect(git(bare(), 'log', '-1', '--format=%an <%ae>', BRANCH)).toBe(
        'Platform Portal <portal@orbital-data.example>',
      );
    });

    it('passes every check: workflow (actionlint, parser, shellcheck), YAML, catalog file, kustomize', async () => {
      expect(await checkRepository(branch)).toEqual([]);
    });

    it('describes itself for the catalog and the portal plugins', () => {
      const entity = parse(read(branch, `${DIR}/catalog-info.yaml`));
      expect(entity.metadata.name).toBe(service.name);
      expect(entity.metadata.description).toBe(service.description);
      expect(entity.metadata.annotations).toEqual({
        'backstage.io/techdocs-ref': 'dir:.',
        'backstage.io/kubernetes-id': service.name,
        'backstage.io/kubernetes-namespace': REPO,
        'platform-portal.io/ecr-repositories': `arn:aws:ecr:eu-central-1:104729384756:repository/${service.name}`,
        'platform-portal.io/flux-kustomizations': `flux-system/${service.name}`,
      });
      expect(entity.spec).toEqual({
        type: 'service',
        lifecycle: 'experimental',
        owner: service.owner,
        system: service.system,
      });
      const mkdocs = parse(read(branch, `${DIR}/mkdocs.yml`));
      expect(mkdocs).toMatchObject({
        site_name: service.name,
        site_description: service.description,
        theme: { name: 'material' },
      });
      expect(mkdocs.plugins).toBeUndefined();
      for (const file of SERVICE_FILES) {
        expect(read(branch, `${DIR}/${file}`)).not.toMatch(/\$\{\{|\{%/);
      }
      expect(read(branch, `${DIR}/app/main.py`)).toMatch(
        /^SERVICE_NAME = "lumen-anomaly"$/m,
      );
      // the mono-repo's CODEOWNERS is not touched
      expect(read(branch, 'CODEOWNERS')).toBe(read(FIXTURE, 'CODEOWNERS'));
    });

    it('satisfies the platform version rules with its own pyproject.toml: 0.1.0 is released from main', () => {
      const file = `${DIR}/pyproject.toml`;
      const onMain = versionRules(branch, 'main', file);
      expect(onMain.status).toBe(0);
      expect(onMain.decision).toMatchObject({
        action: 'release',
        version: '0.1.0',
        imageTags: ['0.1.0'],
      });
      expect(
        versionRules(branch, 'portal/add-lumen-anomaly', file),
      ).toMatchObject({ status: 0, decision: { action: 'skip' } });
    });

    it('runs only for its own paths and releases through the shared container workflow', () => {
      const file = `.github/workflows/${service.name}.yml`;
      const text = read(branch, file);
      expect(text).not.toMatch(/\{%|%\}/);
      const workflow = parse(text);
      expect(workflow.name).toBe(service.name);
      const paths = [`${DIR}/**`, file];
      expect(workflow.on).toEqual({
        push: { branches: ['main', 'develop'], paths },
        pull_request: { paths },
      });
      // GitHub's expressions reach the file as GitHub expressions
      expect(workflow.concurrency).toEqual({
        group:
          "lumen-anomaly-${{ github.ref }}-${{ github.event_name == 'pull_request' && 'pull-request' || github.sha }}",
        'cancel-in-progress': "${{ github.event_name == 'pull_request' }}",
      });
      expect(workflow.jobs.test.defaults.run['working-directory']).toBe(DIR);
      const runs = workflow.jobs.test.steps
        .map((s: any) => s.run ?? '')
        .join('\n');
      expect(runs).toMatch(/ruff check/);
      expect(runs).toMatch(/python -m pytest/);
      expect(workflow.jobs.manifests.steps[1].run).toContain(
        `${DIR}/k8s/overlays/*/`,
      );
      expect(workflow.jobs.release).toEqual({
        name: 'Release',
        needs: ['test', 'manifests'],
        if: "github.event_name == 'push' && (github.ref_name == 'main' || github.ref_name == 'develop')",
        permissions: {
          contents: 'write',
          'id-token': 'write',
          'security-events': 'write',
        },
        uses: 'orbital-data/platform-pipelines/.github/workflows/container-service.yml@v1',
        with: {
          'version-file': `${DIR}/pyproject.toml`,
          context: DIR,
          'tag-prefix': `${service.name}/`,
          'image-name': service.name,
          'aws-account-id': '104729384756',
          'aws-region': 'eu-central-1',
          'aws-role-arn':
            'arn:aws:iam::104729384756:role/github-actions-lumen-ml',
          'gitops-repository': 'orbital-data/platform-gitops',
          'gitops-path': `apps/${service.name}`,
        },
        secrets: { 'gitops-token': '${{ secrets.GITOPS_TOKEN }}' },
      });
    });

    it('labels every Kubernetes object for the portal, in the mono-repo namespace, with the ECR image', async () => {
      for (const env of ['dev', 'production']) {
        const docs = parseAllDocuments(
          await kustomizeBuild(path.join(branch, DIR, 'k8s/overlays', env)),
        ).map(d => d.toJS());
        expect(docs.map(d => d.kind).sort()).toEqual(
          env === 'production'
            ? ['Deployment', 'PodDisruptionBudget', 'Service']
            : ['Deployment', 'Service'],
        );
        for (const doc of docs) {
          expect(doc.metadata.namespace).toBe(REPO);
          expect(doc.metadata.labels).toMatchObject({
            'backstage.io/kubernetes-id': service.name,
            'app.kubernetes.io/part-of': 'lumen-analytics',
            'platform-portal.io/environment': env,
          });
        }
        const deployment = docs.find(d => d.kind === 'Deployment');
        const [container] = deployment.spec.template.spec.containers;
        expect(container.image).toBe(
          `104729384756.dkr.ecr.eu-central-1.amazonaws.com/${service.name}:0.1.0`,
        );
        expect(container.env).toEqual([{ name: 'ENV', value: env }]);
        expect(deployment.spec.replicas).toBe(env === 'dev' ? 1 : 3);
      }
    });

    (HAS_FASTAPI ? describe : describe.skip)(
      HAS_FASTAPI
        ? 'with /usr/bin/python3 and FastAPI'
        : 'SKIPPED: /usr/bin/python3 cannot import fastapi, httpx and pytest (apt-get install python3-fastapi python3-httpx python3-pytest)',
      () => {
        it('passes its own pytest suite', () => {
          const r = pytest(path.join(branch, DIR));
          expect(r.output).toMatch(/\b7 passed\b/);
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
          const site = fs.mkdtempSync(
            path.join(os.tmpdir(), 'component-site-'),
          );
          temporary.push(site);
          const r = mkdocsBuild(path.join(branch, DIR), site);
          expect(r.stderr).not.toMatch(/WARNING|ERROR/);
          expect(r.status).toBe(0);
          expect(fs.existsSync(path.join(site, 'runbook/index.html'))).toBe(
            true,
          );
        });
      },
    );

    it('a second run with the same name fails on the existing branch and changes nothing', async () => {
      const before = refs();
      const again = await scaffolder.run(TEMPLATE, {
        ...service,
        description: 'Another attempt at the same component.',
      });
      expect(again.status).toBe('failed');
      expect(again.log.join('\n')).toMatch(
        /Branch portal\/add-lumen-anomaly already exists in lumen-ml/,
      );
      expect(refs()).toBe(before);
    });
  });

  it('refuses a directory that exists on main, before creating a branch', async () => {
    const before = refs();
    const res = await scaffolder.run(TEMPLATE, { ...service, name: 'trainer' });
    expect(res.status).toBe('failed');
    expect(res.log.join('\n')).toMatch(
      /services\/trainer already exists on main of lumen-ml; choose another name/,
    );
    expect(refs()).toBe(before);
    expect(scaffolder.branches(REPO)).not.toContain('portal/add-trainer');
  });

  describe('a library, for real, on local git', () => {
    let branch: string;
    const BRANCH = `portal/add-${library.name}`;
    const DIR = `libs/${library.name}`;

    beforeAll(async () => {
      const result = await scaffolder.run(TEMPLATE, library);
      if (result.status !== 'completed') {
        throw new Error(`task ${result.status}:\n${result.log.join('\n')}`);
      }
      branch = checkout(BRANCH);
    });

    it('adds exactly libs/<name> and its workflow on top of main', () => {
      const diff = git(bare(), 'diff', '--name-status', `main...${BRANCH}`)
        .split('\n')
        .map(l => l.split('\t'));
      expect(diff.every(([status]) => status === 'A')).toBe(true);
      expect(diff.map(([, file]) => file)).toEqual(
        added('libs', library.name, LIBRARY_FILES),
      );
    });

    it('passes every check', async () => {
      expect(await checkRepository(branch)).toEqual([]);
    });

    it('is a library: no Kubernetes or ECR annotations, no system when none was chosen', () => {
      const entity = parse(read(branch, `${DIR}/catalog-info.yaml`));
      expect(entity.metadata.annotations).toEqual({
        'backstage.io/techdocs-ref': 'dir:.',
      });
      expect(entity.spec).toEqual({
        type: 'library',
        lifecycle: 'experimental',
        owner: library.owner,
      });
      expect(entity.metadata.links[0].url).toContain(
        'https://eu-west-1.console.aws.amazon.com/codesuite/codeartifact/d/104729384756/orbital-data/r/pypi/',
      );
      expect(read(branch, `${DIR}/pyproject.toml`)).toMatch(
        /^include = \["lumen_geo_utils", "lumen_geo_utils\.\*"\]$/m,
      );
      for (const file of LIBRARY_FILES) {
        expect(read(branch, `${DIR}/${file}`)).not.toMatch(/\$\{\{|\{%/);
      }
    });

    it('tests and builds on its paths, publishes releases from main to CodeArtifact', () => {
      const file = `.github/workflows/${library.name}.yml`;
      const workflow = parse(read(branch, file));
      const paths = [`${DIR}/**`, file];
      expect(workflow.on).toEqual({
        push: { branches: ['main'], paths },
        pull_request: { paths },
      });
      expect(workflow.env).toEqual({
        PACKAGE: library.name,
        CODEARTIFACT_DOMAIN: 'orbital-data',
        CODEARTIFACT_DOMAIN_OWNER: '104729384756',
        CODEARTIFACT_REPOSITORY: 'pypi',
      });
      const release = workflow.jobs.release;
      expect(release.if).toBe(
        "github.event_name == 'push' && github.ref_name == 'main'",
      );
      const aws = release.steps.find((s: any) =>
        s.uses?.startsWith('aws-actions/configure-aws-credentials@'),
      );
      expect(aws.with).toEqual({
        'role-to-assume':
          'arn:aws:iam::104729384756:role/github-actions-lumen-ml',
        'aws-region': 'eu-west-1',
      });
      const rules = release.steps.find((s: any) => s.id === 'rules');
      expect(rules).toEqual({
        id: 'rules',
        uses: 'orbital-data/platform-pipelines/version-rules@v1',
        with: {
          flow: 'trunk',
          'version-file': `${DIR}/pyproject.toml`,
          'registry-tags': '${{ steps.registry.outputs.versions }}',
          'tag-prefix': `${library.name}/`,
        },
      });
      const onMain = versionRules(branch, 'main', `${DIR}/pyproject.toml`);
      expect(onMain.decision).toMatchObject({
        action: 'release',
        version: '0.1.0',
      });
    });

    (HAS_PYTEST ? describe : describe.skip)(
      HAS_PYTEST
        ? 'with /usr/bin/python3 and pytest'
        : 'SKIPPED: /usr/bin/python3 cannot import pytest (apt-get install python3-pytest)',
      () => {
        it('passes its own pytest suite', () => {
          const r = pytest(path.join(branch, DIR));
          expect(r.output).toMatch(/\b10 passed\b/);
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
          const site = fs.mkdtempSync(path.join(os.tmpdir(), 'library-site-'));
          temporary.push(site);
          const r = mkdocsBuild(path.join(branch, DIR), site);
          expect(r.stderr).not.toMatch(/WARNING|ERROR/);
          expect(r.status).toBe(0);
          expect(fs.existsSync(path.join(site, 'usage/index.html'))).toBe(true);
        });
      },
    );
  });

  it('refuses malformed input before a task exists', async () => {
    for (const bad of [
      { name: 'Lumen_Anomaly' },
      { name: 'anomaly-' },
      { componentKind: 'daemon' },
      { awsAccountId: '10472938475' },
      { repository: undefined },
    ]) {
      const res = await scaffolder.call('POST', '/v2/tasks', {
        templateRef: `template:default/${TEMPLATE}`,
        values: { ...service, ...bad },
      });
      expect(res.status).toBe(400);
    }
  });
});

describe('template monorepo-component, on GitHub (dry run)', () => {
  // A stand-in for the GitHub API: the dry run may only read from it.
  const requests: string[] = [];
  let server: http.Server;
  let scaffolder: Awaited<ReturnType<typeof startScaffolder>>;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests.push(`${req.method} ${decodeURIComponent(req.url ?? '')}`);
      const found =
        req.url === `/repos/orbital-data/${REPO}` ||
        req.url?.startsWith(
          `/repos/orbital-data/${REPO}/contents/${encodeURIComponent(
            'services/scoring',
          )}?`,
        );
      res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(found ? { name: REPO } : { message: 'Not Found' }),
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

  it('checks the mono-repo and the paths read-only, annotates the project slug, links the pull request', async () => {
    requests.length = 0;
    const res = await scaffolder.dryRun(TEMPLATE, service);
    expect(res.status).toBe(200);
    expect(requests).toEqual([
      `GET /repos/orbital-data/${REPO}`,
      `GET /repos/orbital-data/${REPO}/contents/services/lumen-anomaly?ref=main`,
      `GET /repos/orbital-data/${REPO}/contents/libs/lumen-anomaly?ref=main`,
      `GET /repos/orbital-data/${REPO}/contents/.github/workflows/lumen-anomaly.yml?ref=main`,
    ]);
    const files = dryRunFiles(res.body);
    const entity = parse(
      files['change/services/lumen-anomaly/catalog-info.yaml'],
    );
    expect(entity.metadata.annotations['github.com/project-slug']).toBe(
      'orbital-data/lumen-ml',
    );
    expect(res.body.output.links[0]).toEqual({
      title: 'Pull request',
      icon: 'github',
      // a dry run of publish:github:pull-request returns the repoUrl it would use
      url: 'github.com?owner=orbital-data&repo=lumen-ml',
    });
    const text = res.body.output.text.map((t: any) => t.content).join('\n');
    expect(text).toMatch(/\*\*orbital-data\/lumen-ml\*\*/);
    expect(text).toMatch(/`lumen-backend` is asked to review it/);
  });

  it('refuses an existing directory before anything is created', async () => {
    requests.length = 0;
    const res = await scaffolder.dryRun(TEMPLATE, {
      ...service,
      name: 'scoring',
    });
    expect(JSON.stringify(res.body)).toMatch(
      /services\/scoring already exists on main of orbital-data\/lumen-ml/,
    );
    expect(requests.every(r => r.startsWith('GET '))).toBe(true);
  });
});
