import {
  ChildProcess,
  execFileSync,
  spawn,
  spawnSync,
} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { checkRepository, kustomizeBuild, listFiles } from './checks';
import {
  TEMPLATES_DIR,
  dryRunFiles,
  loadTemplate,
  startScaffolder,
} from './scaffold';

const values = {
  name: 'billing-service',
  description: 'Invoices shop orders & reconciles payments <monthly>.',
  owner: 'group:default/shop-backend',
  system: 'system:default/shop',
  awsAccountId: '104729384756',
  awsRegion: 'eu-central-1',
};

const VERSION_RULES = path.join(
  TEMPLATES_DIR,
  'shared/pipelines/version-rules.mjs',
);

/** The platform's version rules (the same CLI the release workflow runs) on a checkout. */
function versionRules(dir: string, branch: string, previousPom?: string) {
  const args = [
    VERSION_RULES,
    '--branch',
    branch,
    '--file',
    path.join(dir, 'pom.xml'),
  ];
  if (previousPom) args.push('--previous-file', previousPom);
  const res = spawnSync(process.execPath, args, { encoding: 'utf8' });
  return { status: res.status, ...JSON.parse(res.stdout) };
}

// --- Maven, offline, against Debian's Maven repository -------------------------------------
// Debian packages the plugins and JUnit under /usr/share/maven-repo (apt: maven junit5
// libsurefire-java libmaven-compiler-plugin-java libmaven-jar-plugin-java
// libmaven-resources-plugin-java). It is used as the only mirror, so nothing is downloaded, and
// the generated pom's version properties are overridden with the versions Debian has.
const DEBIAN_REPO = '/usr/share/maven-repo';
const hasMaven =
  spawnSync('mvn', ['--version'], { stdio: 'ignore' }).status === 0;
const hasMkdocs =
  spawnSync('mkdocs', ['--version'], { stdio: 'ignore' }).status === 0;

function compareVersions(a: string, b: string) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The newest numbered version of an artifact in Debian's repository. */
function debianVersion(groupId: string, artifactId: string): string {
  const dir = path.join(DEBIAN_REPO, ...groupId.split('.'), artifactId);
  const versions = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter(v => /^\d+(\.\d+)*$/.test(v))
    : [];
  if (versions.length === 0) {
    throw new Error(
      `${groupId}:${artifactId} is not in ${DEBIAN_REPO}: apt-get install maven junit5 libsurefire-java libmaven-compiler-plugin-java libmaven-jar-plugin-java libmaven-resources-plugin-java`,
    );
  }
  return versions.sort(compareVersions).at(-1)!;
}

function maven(dir: string, goal: string) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'm2-'));
  fs.writeFileSync(
    path.join(home, 'settings.xml'),
    `<settings><localRepository>${home}/repository</localRepository>
  <mirrors><mirror><id>debian</id><mirrorOf>*</mirrorOf><url>file://${DEBIAN_REPO}</url></mirror></mirrors>
</settings>`,
  );
  const plugins = 'org.apache.maven.plugins';
  const properties = {
    'junit.version': debianVersion('org.junit.jupiter', 'junit-jupiter'),
    'maven-resources-plugin.version': debianVersion(
      plugins,
      'maven-resources-plugin',
    ),
    'maven-compiler-plugin.version': debianVersion(
      plugins,
      'maven-compiler-plugin',
    ),
    'maven-surefire-plugin.version': debianVersion(
      plugins,
      'maven-surefire-plugin',
    ),
    'maven-jar-plugin.version': debianVersion(plugins, 'maven-jar-plugin'),
    // Surefire 2.22's forked JVM takes ~10 s to hand back; in-process is as faithful here.
    forkCount: '0',
  };
  try {
    const res = spawnSync(
      'mvn',
      [
        '--batch-mode',
        '--settings',
        path.join(home, 'settings.xml'),
        ...Object.entries(properties).map(([k, v]) => `-D${k}=${v}`),
        goal,
      ],
      { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    // The output stays captured: surefire's summary lines are not this suite's result.
    return { status: res.status, output: `${res.stdout}${res.stderr}` };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** Starts the packaged jar on a free port; resolves with its port once it logs it. */
function startJar(dir: string) {
  const child = spawn('java', ['-jar', path.join(dir, 'target/app.jar')], {
    env: {
      ...process.env,
      PORT: '0',
      SHUTDOWN_DRAIN_SECONDS: '0',
      SHUTDOWN_GRACE_SECONDS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>(resolve =>
    child.on('exit', code => resolve(code)),
  );
  const port = new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', chunk => {
      output += chunk;
      const m = output.match(/listening on port (\d+)/);
      if (m) resolve(Number(m[1]));
    });
    child.stderr!.on('data', chunk => {
      output += chunk;
    });
    exited.then(code => reject(new Error(`exited with ${code}: ${output}`)));
  });
  return { child, port, exited, output: () => output };
}

describe('template java-service', () => {
  let scaffolder: Awaited<ReturnType<typeof startScaffolder>>;
  const temporary: string[] = [];
  const processes: ChildProcess[] = [];

  beforeAll(async () => {
    scaffolder = await startScaffolder({
      entities: [loadTemplate('java-service')],
    });
  });

  afterAll(async () => {
    for (const p of processes) if (p.exitCode === null) p.kill('SIGKILL');
    await scaffolder.stop();
    for (const dir of temporary)
      fs.rmSync(dir, { recursive: true, force: true });
  });

  const checkout = (name: string, branch: string) => {
    const dir = scaffolder.checkout(name, branch);
    temporary.push(dir);
    return dir;
  };

  it('dry run: renders the repository and develop’s pom.xml, creates nothing', async () => {
    const res = await scaffolder.dryRun('java-service', values);
    expect(res.status).toBe(200);
    const files = dryRunFiles(res.body);
    const pkg = 'com/orbitaldata/billingservice';
    expect(Object.keys(files).sort()).toEqual(
      [
        '.dockerignore',
        '.github/CODEOWNERS',
        '.github/workflows/ci.yml',
        '.gitignore',
        'Dockerfile',
        'README.md',
        'catalog-info.yaml',
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
        'pom.xml',
        `src/main/java/${pkg}/Application.java`,
        `src/main/java/${pkg}/BuildInfo.java`,
        `src/main/java/${pkg}/Config.java`,
        `src/main/java/${pkg}/Json.java`,
        `src/main/java/${pkg}/Log.java`,
        `src/main/java/${pkg}/Server.java`,
        'src/main/resources/build-info.properties',
        `src/test/java/${pkg}/BuildInfoTest.java`,
        `src/test/java/${pkg}/ConfigTest.java`,
        `src/test/java/${pkg}/JsonTest.java`,
        `src/test/java/${pkg}/ServerTest.java`,
      ]
        .map(f => `repo/${f}`)
        .concat('develop/pom.xml')
        .sort(),
    );
    expect(files[`repo/src/main/java/${pkg}/Server.java`]).toMatch(
      /^package com\.orbitaldata\.billingservice;$/m,
    );
    // Maven's own ${…} placeholders are left for Maven.
    expect(files['repo/src/main/resources/build-info.properties']).toBe(
      'name=${project.artifactId}\nversion=${project.version}\n',
    );
    // The description is XML-escaped in pom.xml.
    expect(files['repo/pom.xml']).toContain(
      '<description>Invoices shop orders &amp; reconciles payments &lt;monthly&gt;.</description>',
    );
    expect(files['develop/pom.xml']).toBe(
      files['repo/pom.xml'].replace(
        '<version>0.1.0</version>',
        '<version>0.2.0-SNAPSHOT</version>',
      ),
    );
    const ran = (res.body.steps as Array<{ id: string }>).map(s => s.id);
    expect(ran).toEqual(
      expect.arrayContaining([
        'repo',
        'fetch',
        'develop-version',
        'publish-local',
        'develop-local',
      ]),
    );
    expect(fs.readdirSync(scaffolder.reposDir)).toEqual([]);
  });

  it('dry run: a name that is a Java keyword still gives a valid package', async () => {
    const res = await scaffolder.dryRun('java-service', {
      ...values,
      name: 'switch',
    });
    expect(res.status).toBe(200);
    const files = dryRunFiles(res.body);
    expect(
      files['repo/src/main/java/com/orbitaldata/switch_/Application.java'],
    ).toMatch(/^package com\.orbitaldata\.switch_;$/m);
    expect(files['develop/pom.xml']).toContain(
      '<main.class>com.orbitaldata.switch_.Application</main.class>',
    );
  });

  describe('a real run to local git', () => {
    let main: string;
    let develop: string;

    beforeAll(async () => {
      const result = await scaffolder.run('java-service', values);
      if (result.status !== 'completed') {
        throw new Error(`the run ${result.status}:\n${result.log.join('\n')}`);
      }
      main = checkout('billing-service', 'main');
      develop = checkout('billing-service', 'develop');
    });

    it('creates main at 0.1.0 and develop one commit later at 0.2.0-SNAPSHOT', () => {
      expect(scaffolder.branches('billing-service')).toEqual([
        'develop',
        'main',
      ]);
      const git = (...args: string[]) =>
        execFileSync('git', args, { cwd: develop, encoding: 'utf8' }).trim();
      expect(git('log', '--format=%s', 'origin/main..origin/develop')).toBe(
        'Start 0.2.0-SNAPSHOT on develop',
      );
      expect(git('diff', '--name-only', 'origin/main', 'origin/develop')).toBe(
        'pom.xml',
      );
      expect(fs.existsSync(path.join(main, 'develop'))).toBe(false);
      expect(fs.existsSync(path.join(main, 'repo'))).toBe(false);
    });

    it('gets the decisions Git Flow expects from the shared version rules', () => {
      expect(versionRules(main, 'main')).toMatchObject({
        status: 0,
        action: 'release',
        version: '0.1.0',
        gitTag: 'v0.1.0',
        imageTags: ['0.1.0'],
        mutable: false,
      });
      expect(
        versionRules(develop, 'develop', path.join(main, 'pom.xml')),
      ).toMatchObject({
        status: 0,
        action: 'snapshot',
        version: '0.2.0-SNAPSHOT',
        imageTags: ['0.2.0-SNAPSHOT', 'develop'],
        mutable: true,
      });
      // develop's pom merged into main as it is would be refused.
      expect(versionRules(develop, 'main')).toMatchObject({
        status: 1,
        action: 'error',
      });
    });

    it('passes every check on both branches: workflows, shell, YAML, catalog file, kustomize', async () => {
      expect(await checkRepository(main)).toEqual([]);
      expect(await checkRepository(develop)).toEqual([]);
    });

    it('describes itself for the catalog and the portal plugins', () => {
      const entity = parse(
        fs.readFileSync(path.join(main, 'catalog-info.yaml'), 'utf8'),
      );
      expect(entity.metadata.description).toBe(values.description);
      expect(entity.metadata.annotations).toEqual({
        'backstage.io/techdocs-ref': 'dir:.',
        'backstage.io/kubernetes-id': 'billing-service',
        'platform-portal.io/ecr-repositories':
          'arn:aws:ecr:eu-central-1:104729384756:repository/billing-service',
        'platform-portal.io/flux-kustomizations': 'flux-system/billing-service',
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
      const mkdocs = parse(
        fs.readFileSync(path.join(main, 'mkdocs.yml'), 'utf8'),
      );
      expect(mkdocs).toMatchObject({
        site_name: 'billing-service',
        theme: { name: 'material' },
      });
      expect(mkdocs.plugins).toBeUndefined();
      for (const page of mkdocs.nav.map((p: object) => Object.values(p)[0])) {
        expect(fs.existsSync(path.join(main, 'docs', page))).toBe(true);
      }
      // Nothing was left unrendered.
      for (const file of listFiles(main)) {
        if (file.startsWith('.github/workflows/')) continue;
        expect([
          file,
          fs.readFileSync(path.join(main, file), 'utf8'),
        ]).not.toEqual([file, expect.stringMatching(/\$\{\{|\{%/)]);
      }
    });

    (hasMkdocs ? describe : describe.skip)(
      hasMkdocs ? 'TechDocs' : 'TechDocs (skipped: mkdocs is not on PATH)',
      () => {
        it('build with mkdocs build --strict', () => {
          const site = fs.mkdtempSync(path.join(os.tmpdir(), 'site-'));
          temporary.push(site);
          const res = spawnSync(
            'mkdocs',
            ['build', '--strict', '--site-dir', site],
            {
              cwd: main,
              encoding: 'utf8',
            },
          );
          expect(res.stderr).not.toMatch(/WARNING|ERROR/);
          expect(res.status).toBe(0);
          for (const page of [
            'index.html',
            'api/index.html',
            'pipeline/index.html',
            'runbook/index.html',
          ]) {
            expect(fs.existsSync(path.join(site, page))).toBe(true);
          }
        });
      },
    );

    it('labels every Kubernetes object for the portal and points each environment at its image', async () => {
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
          expect(doc.metadata.namespace).toBe('billing-service');
          expect(doc.metadata.labels).toMatchObject({
            'backstage.io/kubernetes-id': 'billing-service',
            'app.kubernetes.io/part-of': 'shop',
            'platform-portal.io/environment': env,
          });
        }
        const deployment = docs.find(d => d.kind === 'Deployment');
        const pod = deployment.spec.template;
        expect(pod.metadata.labels['backstage.io/kubernetes-id']).toBe(
          'billing-service',
        );
        const [container] = pod.spec.containers;
        expect(container.image).toBe(
          `104729384756.dkr.ecr.eu-central-1.amazonaws.com/billing-service:${
            env === 'dev' ? '0.2.0-SNAPSHOT' : '0.1.0'
          }`,
        );
        expect(deployment.spec.replicas).toBe(env === 'dev' ? 1 : 3);
        expect(container.readinessProbe.httpGet.path).toBe('/readyz');
        expect(container.livenessProbe.httpGet.path).toBe('/healthz');
        expect(container.resources.limits.memory).toBeDefined();
        expect(container.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
        });
        expect(pod.spec.securityContext).toMatchObject({
          runAsNonRoot: true,
          runAsUser: 10001,
        });
        const drain = container.env.find(
          (e: any) => e.name === 'SHUTDOWN_DRAIN_SECONDS',
        );
        expect(drain.value).toBe(env === 'dev' ? '2' : '5');
        expect(Boolean(pod.spec.topologySpreadConstraints)).toBe(
          env === 'production',
        );
      }
    });

    it('tests on every push and PR, then releases pom.xml’s version through the shared workflow', () => {
      const ci = parse(
        fs.readFileSync(path.join(main, '.github/workflows/ci.yml'), 'utf8'),
      );
      expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
      expect(ci.permissions).toEqual({ contents: 'read' });
      // Pull request runs supersede each other; every push runs on its own.
      expect(ci.concurrency.group).toBe(
        "ci-${{ github.ref }}-${{ github.event_name == 'pull_request' && 'pull-request' || github.sha }}",
      );
      const steps = ci.jobs.test.steps;
      expect(
        steps.find((s: any) => s.uses?.startsWith('actions/setup-java@')).with,
      ).toEqual({
        distribution: 'temurin',
        'java-version': '17',
        cache: 'maven',
      });
      expect(steps.map((s: any) => s.run ?? '').join('\n')).toMatch(
        /^mvn -B .*verify$/m,
      );
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
          'version-file': 'pom.xml',
          'image-name': '${{ vars.ECR_REPOSITORY }}',
          'aws-account-id': '${{ vars.AWS_ACCOUNT_ID }}',
          'aws-region': '${{ vars.AWS_REGION }}',
          'aws-role-arn': '${{ vars.AWS_ROLE_ARN }}',
          'gitops-repository': '${{ vars.GITOPS_REPOSITORY }}',
          'gitops-path': '${{ vars.GITOPS_PATH }}',
        },
        secrets: { 'gitops-token': '${{ secrets.GITOPS_TOKEN }}' },
      });
      // The image: built by Maven, run on the JRE as a non-root user.
      const dockerfile = fs.readFileSync(path.join(main, 'Dockerfile'), 'utf8');
      expect(dockerfile).toMatch(/^FROM maven:\S+ AS build$/m);
      expect(dockerfile).toMatch(/^FROM eclipse-temurin:17-jre$/m);
      expect(dockerfile).toMatch(/^USER 10001:10001$/m);
      expect(dockerfile).toContain('/src/target/app.jar');
    });

    (hasMaven ? describe : describe.skip)(
      hasMaven ? 'Maven' : 'Maven (skipped: mvn is not on PATH)',
      () => {
        it('builds and passes its own JUnit tests offline; the jar serves its version', async () => {
          const build = maven(main, 'verify');
          expect(build.output).toMatch(
            /Tests run: 13, Failures: 0, Errors: 0, Skipped: 0/,
          );
          expect(build.output).toContain('BUILD SUCCESS');
          expect(build.status).toBe(0);

          const jar = startJar(main);
          processes.push(jar.child);
          const port = await jar.port;
          const info = await fetch(`http://127.0.0.1:${port}/api/v1/info`);
          expect(await info.json()).toEqual({
            name: 'billing-service',
            version: '0.1.0',
          });
          expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(
            200,
          );
          jar.child.kill('SIGTERM');
          await jar.exited;
          const log = jar
            .output()
            .trim()
            .split('\n')
            .map(l => JSON.parse(l).message);
          expect(log).toEqual([
            `billing-service 0.1.0 listening on port ${port}`,
            'Shutting down: /readyz fails for 0 s',
            'Stopped',
          ]);

          // develop's build carries the SNAPSHOT version it declares.
          const snapshot = maven(develop, 'process-resources');
          expect(snapshot.status).toBe(0);
          expect(
            fs.readFileSync(
              path.join(develop, 'target/classes/build-info.properties'),
              'utf8',
            ),
          ).toBe('name=billing-service\nversion=0.2.0-SNAPSHOT\n');
        }, 120_000);
      },
    );

    it('refuses a second repository with the same name, before creating anything', async () => {
      const heads = () =>
        execFileSync(
          'git',
          [
            '--git-dir',
            path.join(scaffolder.reposDir, 'billing-service.git'),
            'show-ref',
          ],
          {
            encoding: 'utf8',
          },
        );
      const before = {
        repos: fs.readdirSync(scaffolder.reposDir),
        heads: heads(),
      };
      const again = await scaffolder.run('java-service', values);
      expect(again.status).toBe('failed');
      expect(again.log.join('\n')).toMatch(
        /Repository billing-service already exists .*choose another name/,
      );
      expect({
        repos: fs.readdirSync(scaffolder.reposDir),
        heads: heads(),
      }).toEqual(before);
      const dry = await scaffolder.dryRun('java-service', values);
      expect(JSON.stringify(dry.body)).toMatch(/already exists/);
    });
  });

  it('runs without a system and in another region', async () => {
    const result = await scaffolder.run('java-service', {
      ...values,
      name: 'ledger',
      system: undefined,
      awsRegion: 'us-east-2',
    });
    expect(result.status).toBe('completed');
    const dir = checkout('ledger', 'main');
    const entity = parse(
      fs.readFileSync(path.join(dir, 'catalog-info.yaml'), 'utf8'),
    );
    expect(entity.spec.system).toBeUndefined();
    expect(
      entity.metadata.annotations['platform-portal.io/ecr-repositories'],
    ).toBe('arn:aws:ecr:us-east-2:104729384756:repository/ledger');
    const build = await kustomizeBuild(
      path.join(dir, 'k8s/overlays/production'),
    );
    expect(build).toContain(
      '104729384756.dkr.ecr.us-east-2.amazonaws.com/ledger:0.1.0',
    );
    expect(build).toContain('app.kubernetes.io/part-of: ledger');
    expect(await checkRepository(dir)).toEqual([]);
  });

  it('refuses a malformed name or account before a task exists', async () => {
    for (const bad of [
      { name: 'Billing_Service' },
      { name: 'x' },
      { awsAccountId: '1234' },
      { awsRegion: 'mars-north-1' },
      { owner: undefined },
    ]) {
      const res = await scaffolder.call('POST', '/v2/tasks', {
        templateRef: 'template:default/java-service',
        values: { ...values, ...bad },
      });
      expect(res.status).toBe(400);
    }
  });
});

describe('template java-service, publishing to GitHub', () => {
  // A stand-in for the GitHub API on loopback: every repository is free (404).
  let github: http.Server;
  let scaffolder: Awaited<ReturnType<typeof startScaffolder>>;
  const requests: string[] = [];

  beforeAll(async () => {
    github = http.createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: 'Not Found' }));
    });
    await new Promise<void>(resolve => github.listen(0, '127.0.0.1', resolve));
    const { port } = github.address() as AddressInfo;
    scaffolder = await startScaffolder({
      entities: [loadTemplate('java-service')],
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
            github: { host: 'github.com', organization: 'orbital-data' },
          },
        },
      },
    });
  });

  afterAll(async () => {
    await scaffolder.stop();
    await new Promise(resolve => github.close(resolve));
  });

  it('dry run: takes the GitHub branch and annotates the project slug', async () => {
    const res = await scaffolder.dryRun('java-service', values);
    expect(res.status).toBe(200);
    expect(requests).toContain('GET /repos/orbital-data/billing-service');
    const files = dryRunFiles(res.body);
    const entity = parse(files['repo/catalog-info.yaml']);
    expect(entity.metadata.annotations['github.com/project-slug']).toBe(
      'orbital-data/billing-service',
    );
    const log = JSON.stringify(res.body.log);
    expect(log).toMatch(
      /Dry run: would create develop from main in billing-service/,
    );
    for (const id of ['publish-local', 'develop-local']) {
      expect(log).toContain(
        `Skipping step ${id} because its if condition was false`,
      );
    }
    for (const id of ['publish-github', 'environment-production', 'register']) {
      expect(log).toContain(`"stepId":"${id}","status":"processing"`);
    }
  });
});
