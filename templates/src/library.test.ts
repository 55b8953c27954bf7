import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import {
  checkActionlint,
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

const typescript = {
  name: 'geo-bounds',
  description: 'Bounding boxes for the Piksel STAC catalogue and its clients.',
  owner: 'group:default/piksel-core',
  system: 'system:default/piksel',
  language: 'typescript',
  npmScope: 'orbital-data',
  awsAccountId: '104729384756',
  awsRegion: 'eu-central-1',
  codeartifactDomain: 'orbital-data',
  codeartifactRepository: 'libraries',
};

const java = {
  name: 'tile-grid',
  description:
    'The Piksel tile grid: tile ids, bounds and zoom levels for the JVM services.',
  owner: 'group:default/piksel-core',
  language: 'java',
  groupId: 'io.orbitaldata',
  awsAccountId: '104729384756',
  awsRegion: 'eu-west-1',
  codeartifactDomain: 'orbital-data',
  codeartifactRepository: 'jvm-libraries',
};

const PIPELINES = path.join(TEMPLATES_DIR, 'shared/pipelines');
const read = (dir: string, file: string) =>
  fs.readFileSync(path.join(dir, file), 'utf8');

/**
 * Subprocesses that take more than a moment run asynchronously: a blocked event loop lets the
 * scaffolder's idle keep-alive connections time out under the test's next request.
 */
const exec = promisify(execFile);

/** The shared version rules, run on a generated checkout as the pipeline's action runs them. */
async function versionRules(dir: string, branch: string) {
  const { stdout } = await exec(
    'bash',
    [path.join(PIPELINES, 'scripts/version-rules.sh')],
    {
      cwd: dir,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        INPUT_FLOW: 'trunk',
        INPUT_VERSION_FILE: fs.existsSync(path.join(dir, 'pom.xml'))
          ? 'pom.xml'
          : 'package.json',
        GITHUB_REF: `refs/heads/${branch}`,
        GITHUB_REF_NAME: branch,
      },
    },
  );
  return JSON.parse(stdout);
}

/** Maven against Debian's /usr/share/maven-repo only (no network), if both are installed. */
function offlineMaven(): string[] | undefined {
  const repo = '/usr/share/maven-repo';
  const need = [
    'org/junit/jupiter/junit-jupiter/5.9.2',
    'org/apache/maven/plugins/maven-surefire-plugin/2.22.3',
    'org/apache/maven/plugins/maven-compiler-plugin/3.10.1',
    'org/apache/maven/plugins/maven-resources-plugin/3.3.0',
    'org/apache/maven/plugins/maven-jar-plugin/3.3.0',
  ];
  try {
    execFileSync('mvn', ['--version'], { stdio: 'pipe' });
  } catch {
    return undefined;
  }
  if (!need.every(p => fs.existsSync(path.join(repo, p)))) return undefined;
  return [
    // Debian packages these versions; the pom's properties let a build pick them.
    '-Djunit.version=5.9.2',
    '-Dmaven-surefire-plugin.version=2.22.3',
    '-Dmaven-compiler-plugin.version=3.10.1',
    '-Dmaven-resources-plugin.version=3.3.0',
    '-Dmaven-jar-plugin.version=3.3.0',
    '-Dmaven.compiler.release=17',
    // In-process tests: Surefire 2.22's forked JVM takes ~10 s to exit here.
    '-DforkCount=0',
  ];
}

describe('template library', () => {
  let scaffolder: Awaited<ReturnType<typeof startScaffolder>>;
  const temporary: string[] = [];

  beforeAll(async () => {
    scaffolder = await startScaffolder({ entities: [loadTemplate('library')] });
  });

  afterAll(async () => {
    await scaffolder.stop();
    for (const dir of temporary) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  const checkout = (name: string) => {
    const dir = scaffolder.checkout(name, 'main');
    temporary.push(dir);
    return dir;
  };

  it('dry run (TypeScript): renders the npm package and the shared files only', async () => {
    const res = await scaffolder.dryRun('library', typescript);
    expect(res.status).toBe(200);
    const files = dryRunFiles(res.body);
    expect(Object.keys(files).sort()).toEqual(
      [
        '.github/CODEOWNERS',
        '.github/workflows/ci.yml',
        '.gitignore',
        '.nvmrc',
        'README.md',
        'catalog-info.yaml',
        'docs/consuming.md',
        'docs/index.md',
        'docs/releases.md',
        'mkdocs.yml',
        'package.json',
        'src/bbox.test.ts',
        'src/bbox.ts',
        'src/index.ts',
        'tsconfig.build.json',
        'tsconfig.json',
      ].map(f => `repo/${f}`),
    );
    expect(JSON.parse(files['repo/package.json'])).toMatchObject({
      name: '@orbital-data/geo-bounds',
      version: '0.1.0',
    });
    // The workflow is copied, not rendered: its ${{ }} are GitHub's.
    expect(files['repo/.github/workflows/ci.yml']).toContain(
      '${{ vars.CODEARTIFACT_REPOSITORY }}',
    );
    expect(fs.readdirSync(scaffolder.reposDir)).toEqual([]);
  });

  it('dry run (Java): renders the Maven project in its package directory', async () => {
    const res = await scaffolder.dryRun('library', java);
    expect(res.status).toBe(200);
    const files = dryRunFiles(res.body);
    const paths = Object.keys(files);
    expect(paths).toEqual(
      expect.arrayContaining([
        'repo/pom.xml',
        'repo/src/main/java/io/orbitaldata/tilegrid/BoundingBox.java',
        'repo/src/test/java/io/orbitaldata/tilegrid/BoundingBoxTest.java',
        'repo/.github/workflows/ci.yml',
        'repo/catalog-info.yaml',
        'repo/docs/consuming.md',
      ]),
    );
    expect(paths.filter(p => /package\.json|\.ts$|\.nvmrc/.test(p))).toEqual(
      [],
    );
    expect(
      files['repo/src/main/java/io/orbitaldata/tilegrid/BoundingBox.java'],
    ).toMatch(/^package io\.orbitaldata\.tilegrid;$/m);
    // A name that is a Java keyword gets a trailing _ in the package.
    const keyword = dryRunFiles(
      (await scaffolder.dryRun('library', { ...java, name: 'switch' })).body,
    );
    expect(
      keyword['repo/src/test/java/io/orbitaldata/switch_/BoundingBoxTest.java'],
    ).toMatch(/^package io\.orbitaldata\.switch_;$/m);
    expect(fs.readdirSync(scaffolder.reposDir)).toEqual([]);
  });

  describe('a real run, TypeScript', () => {
    let dir: string;

    beforeAll(async () => {
      const result = await scaffolder.run('library', typescript);
      if (result.status !== 'completed') {
        throw new Error(`task ${result.status}:\n${result.log.join('\n')}`);
      }
      dir = checkout('geo-bounds');
    });

    it('creates main only (trunk-based) and passes every check', async () => {
      expect(scaffolder.branches('geo-bounds')).toEqual(['main']);
      expect(await checkRepository(dir)).toEqual([]);
    });

    it("passes its own tests with Node's test runner (no install needed)", async () => {
      const { stdout } = await exec('npm', ['test'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: '' },
      });
      expect(stdout).toMatch(/# pass 5/);
      expect(stdout).toMatch(/# fail 0/);
    });

    it('is an npm package with no runtime dependencies that publishes dist/ and its sources', () => {
      const pkg = JSON.parse(read(dir, 'package.json'));
      expect(pkg).toMatchObject({
        name: '@orbital-data/geo-bounds',
        version: '0.1.0',
        description: typescript.description,
        type: 'module',
        files: ['dist', 'src', '!src/**/*.test.ts'],
        exports: {
          '.': { types: './dist/index.d.ts', default: './dist/index.js' },
        },
        scripts: {
          test: 'node --test "src/**/*.test.ts"',
          build: 'tsc -p tsconfig.build.json',
          prepack: 'npm run build',
        },
      });
      expect(pkg.dependencies).toBeUndefined();
      expect(pkg.repository).toBeUndefined(); // local target: no GitHub URL
      expect(Object.keys(pkg.devDependencies).sort()).toEqual([
        '@types/node',
        'typescript',
      ]);
      const build = JSON.parse(read(dir, 'tsconfig.build.json'));
      expect(build.exclude).toEqual(['src/**/*.test.ts']);
    });

    it('versions by the shared rules: main releases 0.1.0, a branch publishes a snapshot', async () => {
      expect(await versionRules(dir, 'main')).toMatchObject({
        action: 'release',
        version: '0.1.0',
        gitTag: 'v0.1.0',
      });
      expect(await versionRules(dir, 'feature/antimeridian')).toMatchObject({
        action: 'snapshot',
        version: '0.1.0-SNAPSHOT',
        mutable: true,
      });
    });

    it('publishes through the shared library workflow, configured by repository variables', () => {
      const ci = parse(read(dir, '.github/workflows/ci.yml'));
      expect(ci.on.push.branches).toEqual(['**']);
      // Pushes never cancel or queue behind each other (each has its own group).
      expect(ci.concurrency.group).toContain('github.sha');
      expect(ci.jobs.test.name).toBe('Build and test');
      const run = ci.jobs.test.steps.map((s: any) => s.run).join('\n');
      expect(run).toMatch(
        /npm run typecheck[\s\S]*npm test[\s\S]*npm run build/,
      );
      expect(ci.jobs.release).toMatchObject({
        needs: 'test',
        if: "github.event_name == 'push'",
        uses: 'orbital-data/platform-pipelines/.github/workflows/library-release.yml@v1',
        permissions: { contents: 'write', 'id-token': 'write' },
        with: {
          language: 'typescript',
          'aws-account-id': '${{ vars.AWS_ACCOUNT_ID }}',
          'aws-region': '${{ vars.AWS_REGION }}',
          'aws-role-arn': '${{ vars.AWS_ROLE_ARN }}',
          'codeartifact-domain': '${{ vars.CODEARTIFACT_DOMAIN }}',
          'codeartifact-repository': '${{ vars.CODEARTIFACT_REPOSITORY }}',
        },
      });
      // The rules are the shared action's, never a copy.
      for (const file of listFiles(dir)) {
        expect(read(dir, file)).not.toMatch(/decideMain|SNAPSHOT on main/);
      }
    });

    it('describes itself for the catalog', () => {
      const entity = parse(read(dir, 'catalog-info.yaml'));
      expect(entity.metadata.annotations).toEqual({
        'backstage.io/techdocs-ref': 'dir:.',
      });
      expect(entity.metadata.tags).toEqual([
        'library',
        'typescript',
        'npm',
        'trunk-based',
      ]);
      expect(entity.metadata.links[0].url).toBe(
        'https://eu-central-1.console.aws.amazon.com/codesuite/codeartifact/d/104729384756/orbital-data/r/libraries?region=eu-central-1',
      );
      expect(entity.spec).toEqual({
        type: 'library',
        lifecycle: 'experimental',
        owner: 'group:default/piksel-core',
        system: 'system:default/piksel',
      });
      expect(read(dir, '.github/CODEOWNERS')).toMatch(
        /^\*\s+@orbital-data\/piksel-core$/m,
      );
    });

    it('documents how to consume releases and snapshots from CodeArtifact', () => {
      const docs = read(dir, 'docs/consuming.md');
      const registry =
        'https://orbital-data-104729384756.d.codeartifact.eu-central-1.amazonaws.com/npm/libraries/';
      expect(docs).toContain(`@orbital-data:registry=${registry}`);
      expect(docs).toContain('npm install @orbital-data/geo-bounds@snapshot');
      expect(docs).toContain('## Consume a snapshot');
      expect(docs).not.toMatch(/<dependency>|mvn /);
      expect(read(dir, 'docs/releases.md')).toMatch(
        /^# Versions and releases\n[\s\S]*`package.json` \(`"version"`\)/,
      );
      expect(read(dir, 'README.md')).toContain('npm test');
    });

    it('builds its TechDocs with mkdocs --strict', async () => {
      let mkdocs = true;
      try {
        execFileSync('mkdocs', ['--version'], { stdio: 'pipe' });
      } catch {
        mkdocs = false; // not installed: the YAML is still checked by checkRepository
      }
      if (!mkdocs) return;
      const site = fs.mkdtempSync(path.join(os.tmpdir(), 'library-site-'));
      temporary.push(site);
      await exec('mkdocs', ['build', '--strict', '--site-dir', site], {
        cwd: dir,
      });
      expect(fs.existsSync(path.join(site, 'consuming/index.html'))).toBe(true);
    });

    it('refuses a second repository with the same name, before creating anything', async () => {
      const before = fs.readdirSync(scaffolder.reposDir);
      const again = await scaffolder.run('library', {
        ...typescript,
        language: 'java',
        npmScope: undefined,
        groupId: 'io.orbitaldata',
      });
      expect(again.status).toBe('failed');
      expect(again.log.join('\n')).toMatch(
        /Repository geo-bounds already exists .*choose another name/,
      );
      expect(fs.readdirSync(scaffolder.reposDir)).toEqual(before);
      const dry = await scaffolder.dryRun('library', typescript);
      expect(JSON.stringify(dry.body)).toMatch(/already exists/);
    });
  });

  describe('a real run, Java', () => {
    let dir: string;

    beforeAll(async () => {
      const result = await scaffolder.run('library', java);
      if (result.status !== 'completed') {
        throw new Error(`task ${result.status}:\n${result.log.join('\n')}`);
      }
      dir = checkout('tile-grid');
    });

    it('passes every check and has no TypeScript files', async () => {
      expect(await checkRepository(dir)).toEqual([]);
      expect(listFiles(dir).filter(f => /\.ts$|package\.json/.test(f))).toEqual(
        [],
      );
    });

    it('is a Maven jar with JUnit 5 and no runtime dependencies', () => {
      const pom = read(dir, 'pom.xml');
      expect(pom).toContain('<groupId>io.orbitaldata</groupId>');
      expect(pom).toContain('<artifactId>tile-grid</artifactId>');
      expect(pom).toMatch(/<packaging>jar<\/packaging>/);
      expect(pom).toContain(`<description>${java.description}</description>`);
      expect(pom).toContain(
        '<maven.compiler.release>21</maven.compiler.release>',
      );
      expect(pom).not.toContain('<url>'); // local target: no GitHub URL
      // One dependency, for the tests.
      expect(pom.match(/<dependency>/g)).toHaveLength(2); // the BOM import and JUnit
      expect(pom).toMatch(
        /<artifactId>junit-jupiter<\/artifactId>\s*<scope>test<\/scope>/,
      );
      expect(
        read(dir, 'src/test/java/io/orbitaldata/tilegrid/BoundingBoxTest.java'),
      ).toMatch(/^package io\.orbitaldata\.tilegrid;$/m);
    });

    it('versions by the shared rules from pom.xml', async () => {
      expect(await versionRules(dir, 'main')).toMatchObject({
        action: 'release',
        version: '0.1.0',
      });
      expect(await versionRules(dir, 'fix/tile-ids')).toMatchObject({
        action: 'snapshot',
        version: '0.1.0-SNAPSHOT',
      });
    });

    it('publishes through the shared workflow as a Maven library', () => {
      const ci = parse(read(dir, '.github/workflows/ci.yml'));
      expect(ci.jobs.test.steps.map((s: any) => s.run ?? s.uses)).toEqual([
        'actions/checkout@v4',
        'actions/setup-java@v4',
        'mvn --batch-mode --no-transfer-progress verify',
      ]);
      expect(ci.jobs.release.with.language).toBe('java');
      const entity = parse(read(dir, 'catalog-info.yaml'));
      expect(entity.metadata.tags).toEqual([
        'library',
        'java',
        'maven',
        'trunk-based',
      ]);
      expect(entity.spec.system).toBeUndefined();
      const docs = read(dir, 'docs/consuming.md');
      expect(docs).toContain(
        '<url>https://orbital-data-104729384756.d.codeartifact.eu-west-1.amazonaws.com/maven/jvm-libraries/</url>',
      );
      expect(docs).toContain('<version>0.2.0-SNAPSHOT</version>');
      expect(docs).not.toMatch(/npm install/);
    });

    it('builds and passes its JUnit tests with Maven (offline, Debian repository)', async () => {
      const overrides = offlineMaven();
      if (!overrides) {
        // Without Maven and Debian's junit5/surefire packages the build cannot run offline.
        console.warn(
          'mvn or /usr/share/maven-repo missing: Maven build skipped',
        );
        return;
      }
      const work = fs.mkdtempSync(path.join(os.tmpdir(), 'library-maven-'));
      temporary.push(work);
      const settings = path.join(work, 'settings.xml');
      fs.writeFileSync(
        settings,
        `<settings><localRepository>${work}/m2</localRepository><mirrors><mirror>
<id>debian</id><mirrorOf>*</mirrorOf><url>file:///usr/share/maven-repo</url>
</mirror></mirrors></settings>`,
      );
      const { stdout } = await exec(
        'mvn',
        ['--batch-mode', '--settings', settings, ...overrides, 'verify'],
        { cwd: dir, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
      );
      expect(stdout).toMatch(
        /Tests run: 9, Failures: 0, Errors: 0, Skipped: 0/,
      );
      expect(fs.existsSync(path.join(dir, 'target/tile-grid-0.1.0.jar'))).toBe(
        true,
      );
    }, 60_000); // a JVM start and two compilations; a few seconds, more on a busy machine
  });

  it('refuses an unknown language, a missing scope or a malformed groupId', async () => {
    for (const bad of [
      { ...typescript, language: 'python' },
      { ...typescript, npmScope: undefined },
      { ...java, groupId: 'Orbital Data' },
    ]) {
      const res = await scaffolder.call('POST', '/v2/tasks', {
        templateRef: 'template:default/library',
        values: { ...bad, name: 'never-created' },
      });
      expect(res.status).toBe(400);
    }
    expect(fs.readdirSync(scaffolder.reposDir)).not.toContain(
      'never-created.git',
    );
  });

  describe('the GitHub target (dry run, GitHub API on a local stub)', () => {
    let github: http.Server;
    let onGithub: Awaited<ReturnType<typeof startScaffolder>>;

    beforeAll(async () => {
      // Answers the one call portal:repo:prepare makes: the repository does not exist yet.
      github = http.createServer((req, res) => {
        res.writeHead(
          req.url === '/repos/orbital-data/geo-bounds' ? 404 : 500,
          {
            'Content-Type': 'application/json',
          },
        );
        res.end(JSON.stringify({ message: 'Not Found' }));
      });
      await new Promise<void>(resolve =>
        github.listen(0, '127.0.0.1', resolve),
      );
      const { port } = github.address() as AddressInfo;
      onGithub = await startScaffolder({
        entities: [loadTemplate('library')],
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
      await onGithub.stop();
      await new Promise(resolve => github.close(resolve));
    });

    const logOf = (body: any) =>
      (body.log as Array<{ body: { message: string } }>)
        .map(l => l.body.message)
        .join('\n');

    it('TypeScript: annotates the project slug and prepares the GitHub repository', async () => {
      const res = await onGithub.dryRun('library', typescript);
      expect(res.status).toBe(200);
      const files = dryRunFiles(res.body);
      const entity = parse(files['repo/catalog-info.yaml']);
      expect(entity.metadata.annotations).toEqual({
        'backstage.io/techdocs-ref': 'dir:.',
        'github.com/project-slug': 'orbital-data/geo-bounds',
      });
      expect(JSON.parse(files['repo/package.json']).repository).toEqual({
        type: 'git',
        url: 'git+https://github.com/orbital-data/geo-bounds.git',
      });
      const log = logOf(res.body);
      // The GitHub steps do not run in a dry run; their rendered inputs are logged.
      expect(log).toContain(
        '"repoUrl": "github.com?owner=orbital-data&repo=geo-bounds"',
      );
      expect(log).toContain(
        '"AWS_ROLE_ARN": "arn:aws:iam::104729384756:role/github-actions-geo-bounds"',
      );
      expect(log).toContain('"CODEARTIFACT_DOMAIN": "orbital-data"');
      expect(log).toContain('"CODEARTIFACT_REPOSITORY": "libraries"');
      expect(log).toContain('"customBranchPolicyNames": [\n    "main"\n  ]');
      expect(log).toMatch(
        /Skipping because publish:github does not support dry-run/,
      );
      expect(log).not.toMatch(/publish:local/);
    });

    it('Java: points the pom at the GitHub repository', async () => {
      const res = await onGithub.dryRun('library', {
        ...java,
        name: 'geo-bounds',
      });
      expect(res.status).toBe(200);
      const pom = dryRunFiles(res.body)['repo/pom.xml'];
      expect(pom).toContain(
        '<url>https://github.com/orbital-data/geo-bounds</url>',
      );
      expect(pom).toContain(
        '<connection>scm:git:https://github.com/orbital-data/geo-bounds.git</connection>',
      );
    });
  });

  describe('the shared library-release workflow', () => {
    const file = path.join(PIPELINES, '.github/workflows/library-release.yml');
    const content = fs.readFileSync(file, 'utf8');
    const workflow = parse(content);

    it('passes actionlint, GitHub’s parser and shellcheck', async () => {
      const name = '.github/workflows/library-release.yml';
      expect([
        ...(await checkActionlint(name, content)),
        ...(await checkWorkflowParser(name, content)),
        ...(await checkRunBlocks(name, content)),
      ]).toEqual([]);
    });

    it('decides with the shared version rules, flow trunk, against CodeArtifact', () => {
      const rules = workflow.jobs.version.steps.find(
        (s: any) => s.id === 'rules',
      );
      expect(rules.uses).toBe(
        'orbital-data/platform-pipelines/version-rules@v1',
      );
      expect(rules.with.flow).toBe('trunk');
      expect(rules.with['registry-tags']).toBe(
        '${{ steps.registry.outputs.versions }}',
      );
      expect(workflow.jobs.release.if).toBe(
        "needs.version.outputs.action == 'release'",
      );
      expect(workflow.jobs.snapshot.if).toBe(
        "needs.version.outputs.action == 'snapshot'",
      );
    });

    it('signs in with OIDC only and releases from the protected environment', () => {
      expect(content).not.toMatch(/aws-access-key-id|aws-secret-access-key/);
      for (const job of ['version', 'snapshot', 'release']) {
        expect(workflow.jobs[job].permissions['id-token']).toBe('write');
        const steps = workflow.jobs[job].steps.map((s: any) => s.uses);
        expect(steps).toContain('aws-actions/configure-aws-credentials@v4');
      }
      expect(workflow.jobs.release.environment).toBe('release');
      expect(workflow.jobs.snapshot.concurrency['cancel-in-progress']).toBe(
        false,
      );
      expect(content).toContain('aws codeartifact get-authorization-token');
    });

    it('replaces npm snapshots honestly: unique prerelease, dist-tag, delete the older ones', () => {
      const run = (job: string) =>
        workflow.jobs[job].steps.map((s: any) => s.run ?? '').join('\n');
      expect(run('snapshot')).toMatch(/npm publish --tag snapshot/);
      expect(run('snapshot')).toMatch(/delete-package-versions/);
      expect(run('snapshot')).toMatch(/versions-maven-plugin:[\d.]+:set/);
      expect(run('release')).toMatch(/npm publish --tag latest/);
      expect(run('release')).toMatch(/describe-package-version/);
      expect(run('release')).toMatch(/git push origin "refs\/tags\/\$GIT_TAG"/);
    });
  });
});
