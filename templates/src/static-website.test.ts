import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { checkRepository, listFiles } from './checks';
import { dryRunFiles, loadTemplate, startScaffolder } from './scaffold';

const execFileAsync = promisify(execFile);

const values = {
  name: 'piksel-website',
  description:
    'Public landing page of Piksel, the Earth observation data platform.',
  owner: 'group:default/piksel-web',
  system: 'system:default/piksel-public-web',
  title: 'Piksel',
  domain: 'piksel.example.org',
  devDomain: 'dev.piksel.example.org',
  awsAccountId: '730335468112',
  awsRegion: 'ap-southeast-3',
  s3BucketProduction: 'piksel-website-prod',
  s3BucketDev: 'piksel-website-dev',
  cloudfrontDistributionIdProduction: 'E2QWRUHAPOMQZL',
  cloudfrontDistributionIdDev: 'E1XKD4P2MN3LOV',
};

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

/** Relative links (href/src) of the built HTML that point at no file of the build. */
function brokenLocalLinks(site: string): string[] {
  const broken: string[] = [];
  for (const file of listFiles(site).filter(f => f.endsWith('.html'))) {
    const html = fs.readFileSync(path.join(site, file), 'utf8');
    for (const [, link] of html.matchAll(/(?:href|src)="([^"]+)"/g)) {
      if (/^([a-z]+:|\/\/|#|data:)/i.test(link)) continue;
      const target = decodeURI(link.split(/[?#]/)[0]);
      if (!target) continue;
      // Root-relative links (the 404 page's) resolve from the site's root, as lychee's --root-dir.
      const resolved = target.startsWith('/')
        ? path.join(site, target)
        : path.resolve(path.dirname(path.join(site, file)), target);
      if (!fs.existsSync(resolved)) broken.push(`${file}: ${link}`);
    }
  }
  return broken;
}

describe('template static-website', () => {
  let scaffolder: Awaited<ReturnType<typeof startScaffolder>>;
  const cleanup: string[] = [];
  const template = loadTemplate('static-website') as any;

  beforeAll(async () => {
    scaffolder = await startScaffolder({ entities: [template] });
  });

  afterAll(async () => {
    await scaffolder.stop();
    for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
  });

  const checkout = (name: string, branch = 'main') => {
    const dir = scaffolder.checkout(name, branch);
    cleanup.push(dir);
    return dir;
  };
  const tmpdir = (prefix: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    cleanup.push(dir);
    return dir;
  };
  const read = (dir: string, file: string) =>
    fs.readFileSync(path.join(dir, file), 'utf8');

  it('declares only inputs the GitHub actions accept, and variables for both environments', () => {
    expect(githubInputProblems(template)).toEqual([]);
    const publish = template.spec.steps.find(
      (s: any) => s.id === 'publish-github',
    );
    expect(Object.keys(publish.input.repoVariables).sort()).toEqual([
      'AWS_ACCOUNT_ID',
      'AWS_REGION',
      'AWS_ROLE_ARN_DEV',
      'AWS_ROLE_ARN_PRODUCTION',
      'CLOUDFRONT_DISTRIBUTION_ID_DEV',
      'CLOUDFRONT_DISTRIBUTION_ID_PRODUCTION',
      'S3_BUCKET_DEV',
      'S3_BUCKET_PRODUCTION',
      'SITE_DOMAIN_DEV',
      'SITE_DOMAIN_PRODUCTION',
    ]);
    const environments = template.spec.steps
      .filter((s: any) => s.action === 'github:environment:create')
      .map((s: any) => [
        s.input.name,
        s.input.customBranchPolicyNames,
        s.input.reviewers,
      ]);
    expect(environments).toEqual([
      ['dev', ['dev'], undefined],
      ['production', ['main'], ['${{ parameters.owner }}']],
    ]);
    const dev = template.spec.steps.find((s: any) => s.id === 'dev-github');
    expect(dev).toMatchObject({
      action: 'portal:repo:branch',
      input: { branch: 'dev' },
    });
    expect(dev.input.sourcePath).toBeUndefined();
  });

  it('dry run: renders the site, its docs and the pipeline, and creates nothing', async () => {
    const res = await scaffolder.dryRun('static-website', values);
    expect(res.status).toBe(200);
    const files = dryRunFiles(res.body);
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining([
        'repo/catalog-info.yaml',
        'repo/README.md',
        'repo/mkdocs.yml',
        'repo/docs/index.md',
        'repo/docs/publishing.md',
        'repo/docs/aws.md',
        'repo/website/mkdocs.yml',
        'repo/website/content/index.md',
        'repo/website/content/robots.txt',
        'repo/requirements.txt',
        'repo/lychee.toml',
        'repo/.github/CODEOWNERS',
        'repo/.github/workflows/website.yml',
      ]),
    );
    // The workflow is copied as it is: GitHub, not the scaffolder, evaluates its expressions.
    expect(files['repo/.github/workflows/website.yml']).toContain(
      "${{ github.ref_name == 'main' && vars.S3_BUCKET_PRODUCTION || vars.S3_BUCKET_DEV }}",
    );
    const ran = (res.body.steps as Array<{ id: string }>).map(s => s.id);
    expect(ran).toContain('publish-local');
    expect(fs.readdirSync(scaffolder.reposDir)).toEqual([]);
  });

  describe('a real run to local git', () => {
    let main: string;

    beforeAll(async () => {
      const result = await scaffolder.run('static-website', values);
      if (result.status !== 'completed') {
        throw new Error(`task ${result.status}:\n${result.log.join('\n')}`);
      }
      main = checkout('piksel-website');
    });

    it('creates main and dev at the same commit', () => {
      expect(scaffolder.branches('piksel-website')).toEqual(['dev', 'main']);
      const dev = checkout('piksel-website', 'dev');
      const head = (dir: string) =>
        execFileSync('git', ['rev-parse', 'HEAD'], {
          cwd: dir,
          encoding: 'utf8',
        }).trim();
      expect(head(dev)).toBe(head(main));
    });

    it('passes every check: YAML, workflow (actionlint, parser, shellcheck), catalog file', async () => {
      expect(await checkRepository(main)).toEqual([]);
    });

    it('describes itself for the catalog', () => {
      const entity = parse(read(main, 'catalog-info.yaml'));
      expect(entity.metadata.title).toBe('Piksel');
      expect(entity.metadata.annotations).toEqual({
        'backstage.io/techdocs-ref': 'dir:.',
      });
      expect(entity.metadata.links.map((l: any) => l.url)).toEqual([
        'https://piksel.example.org/',
        'https://dev.piksel.example.org/',
        'https://us-east-1.console.aws.amazon.com/cloudfront/v4/home#/distributions/E2QWRUHAPOMQZL',
        'https://s3.console.aws.amazon.com/s3/buckets/piksel-website-prod?region=ap-southeast-3',
      ]);
      expect(entity.spec).toEqual({
        type: 'website',
        lifecycle: 'experimental',
        owner: 'group:default/piksel-web',
        system: 'system:default/piksel-public-web',
      });
      expect(read(main, '.github/CODEOWNERS')).toMatch(
        /^\*\s+@orbital-data\/piksel-web$/m,
      );
    });

    it("builds the website with Debian's mkdocs --strict; every local link resolves", () => {
      const site = tmpdir('website-');
      execFileSync(
        'mkdocs',
        [
          'build',
          '--strict',
          '--config-file',
          'website/mkdocs.yml',
          '--site-dir',
          site,
        ],
        {
          cwd: main,
          stdio: 'pipe',
          env: { ...process.env, SITE_URL: 'https://dev.piksel.example.org/' },
        },
      );
      for (const page of [
        'index.html',
        'about.html',
        'contact.html',
        '404.html',
        'sitemap.xml',
        'robots.txt',
      ]) {
        expect(fs.existsSync(path.join(site, page))).toBe(true);
      }
      expect(fs.existsSync(path.join(site, 'about'))).toBe(false); // files, not directories
      const index = read(site, 'index.html');
      expect(index).toContain('<title>Piksel</title>');
      expect(index).toContain('Public landing page of Piksel');
      expect(index).toContain('assets/stylesheets/extra.css');
      // SITE_URL decides the canonical links and the sitemap.
      expect(read(site, 'sitemap.xml')).toContain(
        'https://dev.piksel.example.org/about.html',
      );
      expect(read(site, 'robots.txt')).toContain(
        'Sitemap: https://piksel.example.org/sitemap.xml',
      );
      expect(brokenLocalLinks(site)).toEqual([]);
    });

    it('a broken link fails the strict build', () => {
      const copy = tmpdir('website-broken-');
      fs.cpSync(main, copy, { recursive: true });
      fs.appendFileSync(
        path.join(copy, 'website/content/about.md'),
        '\n[Pricing](pricing.md)\n',
      );
      expect(() =>
        execFileSync(
          'mkdocs',
          [
            'build',
            '--strict',
            '--config-file',
            'website/mkdocs.yml',
            '--site-dir',
            path.join(copy, 'out'),
          ],
          {
            cwd: copy,
            stdio: 'pipe',
          },
        ),
      ).toThrow(/pricing\.md/);
    });

    it("builds its TechDocs with Debian's mkdocs --strict, apart from the website", () => {
      const site = tmpdir('website-docs-');
      execFileSync('mkdocs', ['build', '--strict', '--site-dir', site], {
        cwd: main,
        stdio: 'pipe',
      });
      expect(fs.existsSync(path.join(site, 'aws', 'index.html'))).toBe(true);
      expect(fs.existsSync(path.join(site, 'contact.html'))).toBe(false);
      const aws = read(main, 'docs/aws.md');
      expect(aws).toContain(
        '"token.actions.githubusercontent.com:sub": "repo:orbital-data/piksel-website:environment:production:job_workflow_ref:orbital-data/piksel-website/.github/workflows/website.yml@refs/heads/main"',
      );
      expect(aws).toContain(
        'arn:aws:cloudfront::730335468112:distribution/E2QWRUHAPOMQZL',
      );
    });

    it('checks links with lychee, offline on every build, and never its own undeployed pages', () => {
      const workflow = parse(read(main, '.github/workflows/website.yml'));
      const lychee = workflow.jobs.build.steps.filter((s: any) =>
        String(s.uses).startsWith('lycheeverse/lychee-action@'),
      );
      expect(lychee).toHaveLength(2);
      expect(lychee[0].if).toBeUndefined();
      expect(lychee[0].with.args).toMatch(/--config lychee\.toml --offline/);
      expect(lychee[1].if).toMatch(/schedule/);
      const config = read(main, 'lychee.toml');
      expect(config).toContain("'^https://piksel\\.example\\.org/',");
      expect(config).toContain("'^https://dev\\.piksel\\.example\\.org/',");
    });

    it('builds strictly, then deploys dev from dev and production from main through OIDC', () => {
      const workflow = parse(read(main, '.github/workflows/website.yml'));
      expect(workflow.on.push.branches).toEqual(['main', 'dev']);
      expect(workflow.permissions).toEqual({ contents: 'read' });
      const build = workflow.jobs.build.steps
        .map((s: any) => s.run ?? '')
        .join('\n');
      expect(build).toContain(
        'mkdocs build --strict --config-file website/mkdocs.yml',
      );
      // Branch protection (main and dev) requires the build job by its name.
      for (const id of ['publish-github', 'protect-dev']) {
        expect(
          template.spec.steps.find((s: any) => s.id === id).input
            .requiredStatusCheckContexts,
        ).toEqual([workflow.jobs.build.name]);
      }
      const deploy = workflow.jobs.deploy;
      expect(deploy.needs).toBe('build');
      expect(deploy.permissions['id-token']).toBe('write');
      expect(deploy.environment.name).toBe(
        "${{ github.ref_name == 'main' && 'production' || 'dev' }}",
      );
      expect(deploy.env.S3_BUCKET).toBe(
        "${{ github.ref_name == 'main' && vars.S3_BUCKET_PRODUCTION || vars.S3_BUCKET_DEV }}",
      );
      const aws = deploy.steps.find((s: any) =>
        String(s.uses).startsWith('aws-actions/configure-aws-credentials@'),
      );
      expect(aws.with['role-to-assume']).toBe('${{ env.AWS_ROLE_ARN }}');
      // Every variable the workflow reads is one the template sets on the repository.
      const text = read(main, '.github/workflows/website.yml');
      const used = [
        ...new Set([...text.matchAll(/vars\.([A-Z0-9_]+)/g)].map(m => m[1])),
      ].sort();
      const publish = template.spec.steps.find(
        (s: any) => s.id === 'publish-github',
      );
      expect(used.filter(v => !(v in publish.input.repoVariables))).toEqual([]);
      expect(used).toEqual(
        expect.arrayContaining([
          'S3_BUCKET_DEV',
          'CLOUDFRONT_DISTRIBUTION_ID_PRODUCTION',
        ]),
      );
    });

    it('uploads assets, then pages, then deletes; invalidates CloudFront and waits (aws stubbed)', async () => {
      const workflow = parse(read(main, '.github/workflows/website.yml'));
      const steps = workflow.jobs.deploy.steps;
      const script = (name: string) =>
        steps.find((s: any) => s.name === name).run as string;
      const work = tmpdir('website-deploy-');
      const bin = path.join(work, 'bin');
      fs.mkdirSync(bin);
      fs.mkdirSync(path.join(work, 'public'));
      fs.writeFileSync(
        path.join(work, 'public', 'index.html'),
        '<html></html>',
      );
      const calls = path.join(work, 'aws-calls');
      fs.writeFileSync(
        path.join(bin, 'aws'),
        `#!/usr/bin/env bash\necho "$*" >> "${calls}"\nif [ "$2" = create-invalidation ]; then echo I2J0I21PCUYOIK; fi\n`,
        { mode: 0o755 },
      );
      const env = {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        S3_BUCKET: 'piksel-website-dev',
        DISTRIBUTION_ID: 'E1XKD4P2MN3LOV',
        GITHUB_STEP_SUMMARY: path.join(work, 'summary'),
      };
      const run = (name: string, extra: Record<string, string> = {}) =>
        execFileAsync('bash', ['-e', '-o', 'pipefail', '-c', script(name)], {
          cwd: work,
          env: { ...env, ...extra },
        });
      await run('Upload to S3');
      await run('Invalidate CloudFront');
      const log = fs.readFileSync(calls, 'utf8').trim().split('\n');
      expect(log).toHaveLength(5);
      expect(log[0]).toMatch(
        /^s3 sync public\/ s3:\/\/piksel-website-dev\/ .*--exclude \*\.html .*--cache-control public, max-age=86400$/,
      );
      expect(log[1]).toMatch(
        /^s3 sync public\/ s3:\/\/piksel-website-dev\/ .*--exclude \* --include \*\.html .*--cache-control public, max-age=0, must-revalidate$/,
      );
      expect(log[2]).toBe(
        's3 sync public/ s3://piksel-website-dev/ --only-show-errors --size-only --delete',
      );
      expect(log[3]).toBe(
        'cloudfront create-invalidation --distribution-id E1XKD4P2MN3LOV --paths /* --query Invalidation.Id --output text',
      );
      expect(log[4]).toBe(
        'cloudfront wait invalidation-completed --distribution-id E1XKD4P2MN3LOV --id I2J0I21PCUYOIK',
      );
      // A missing repository variable stops the job first, naming it.
      await expect(
        run('Check the configuration', {
          AWS_REGION: 'ap-southeast-3',
          AWS_ROLE_ARN:
            'arn:aws:iam::730335468112:role/github-actions-piksel-website-dev',
          SITE_DOMAIN: '',
          GITHUB_REF_NAME: 'dev',
        }),
      ).rejects.toMatchObject({
        stdout: expect.stringContaining(
          '::error::Repository variables missing for dev: SITE_DOMAIN',
        ),
      });
    });

    it('refuses a second repository with the same name, before creating anything', async () => {
      const before = fs.readdirSync(scaffolder.reposDir);
      const again = await scaffolder.run('static-website', values);
      expect(again.status).toBe('failed');
      expect(again.log.join('\n')).toMatch(
        /Repository piksel-website already exists .*choose another name/,
      );
      expect(fs.readdirSync(scaffolder.reposDir)).toEqual(before);
      const dry = await scaffolder.dryRun('static-website', values);
      expect(JSON.stringify(dry.body)).toMatch(/already exists/);
    });
  });

  it('runs without a system, in another region', async () => {
    const result = await scaffolder.run('static-website', {
      ...values,
      name: 'status-pages',
      title: 'Orbital status',
      system: undefined,
      awsRegion: 'eu-central-1',
    });
    expect(result.status).toBe('completed');
    const dir = checkout('status-pages');
    const entity = parse(read(dir, 'catalog-info.yaml'));
    expect(entity.spec.system).toBeUndefined();
    expect(entity.metadata.links[3].url).toMatch(/\?region=eu-central-1$/);
    expect(read(dir, 'docs/publishing.md')).toContain(
      '| `AWS_REGION` | `eu-central-1` |',
    );
    expect(await checkRepository(dir)).toEqual([]);
  });

  it('refuses malformed domains, buckets and distribution IDs before a task exists', async () => {
    for (const bad of [
      { domain: 'https://piksel.example.org' },
      { s3BucketDev: 'Piksel_Website' },
      { cloudfrontDistributionIdProduction: 'd111111abcdef8' },
      { awsAccountId: '7303354681' },
    ]) {
      const res = await scaffolder.call('POST', '/v2/tasks', {
        templateRef: 'template:default/static-website',
        values: { ...values, ...bad },
      });
      expect(res.status).toBe(400);
    }
  });
});
