import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { PlanSourceReadError } from '../types';
import { LocalPlanSource } from './LocalPlanSource';

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

async function readError(
  promise: Promise<unknown>,
): Promise<PlanSourceReadError> {
  const error = await promise.then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(PlanSourceReadError);
  return error;
}

describe('LocalPlanSource', () => {
  let root: string;
  /** The configured plans directory, inside `root` (so `root` holds what lies outside it). */
  let plans: string;
  let logger: ReturnType<typeof mockServices.logger.mock>;

  const write = (rel: string, content: string | object = {}) => {
    const file = path.join(plans, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      typeof content === 'string' ? content : JSON.stringify(content),
    );
  };
  const plan = (rel: string) =>
    write(rel, { format_version: '1.2', terraform_version: '1.9.8', rel });

  const source = (directory = 'plans') =>
    LocalPlanSource.fromConfig(
      new ConfigReader({ terraform: { local: { directory } } }),
      { logger, workingDirectory: root },
    );

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'local-plans-'));
    plans = path.join(root, 'plans');
    fs.mkdirSync(plans);
    logger = mockServices.logger.mock();
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  describe('targets', () => {
    it('accept a directory name or a relative path inside the plans directory', () => {
      expect(() => source().validateTarget('piksel-eks')).not.toThrow();
      expect(() => source().validateTarget('piksel/eks/')).not.toThrow();
    });

    it('refuse "..", absolute paths and other ways out', () => {
      for (const bad of [
        '..',
        '../etc',
        'piksel/../../etc',
        '/etc',
        './piksel',
        'a//b',
        'a\\..\\b',
        '',
      ]) {
        expect(() => source().validateTarget(bad)).toThrow(InputError);
      }
    });

    it('are refused when no directory is configured', () => {
      const unconfigured = LocalPlanSource.fromConfig(new ConfigReader({}), {
        logger,
      });
      expect(() => unconfigured.validateTarget('piksel-eks')).toThrow(
        expect.objectContaining({ code: 'NotConfigured' }),
      );
    });
  });

  describe('listing plans', () => {
    it('lists the latest plan per environment and PR/branch, newest first', async () => {
      plan('eks/dev/2025-11-10T08-00-00Z-dev.json');
      plan('eks/dev/2025-11-19T07-55-31Z-dev.json');
      plan('eks/dev/2025-11-18T09-12-44Z-pr-31-karpenter.json');
      plan('eks/dev/2025-11-17T09-12-44Z-pr-31-karpenter.json');
      plan('eks/production/2025-11-12T08-20-00Z-main.json');
      // Not plans: stray files, a deeper directory, a hidden "environment", a sidecar alone.
      write('eks/README.md', '# notes');
      write('eks/production/plan.json');
      write('eks/production/old/2025-12-01T00-00-00Z-main.json');
      write('eks/.cache/2025-12-01T00-00-00Z-main.json');
      write('eks/production/2025-12-24T00-00-00Z-main.meta.json', {
        branch: 'main',
      });
      // Another target's plans.
      plan('landing-zone/production/2025-12-01T00-00-00Z-main.json');

      const listed = await source().listPlans('eks');

      expect(listed).toEqual([
        {
          key: 'dev/2025-11-19T07-55-31Z-dev.json',
          environment: 'dev',
          createdAt: '2025-11-19T07:55:31Z',
          branch: 'dev',
        },
        {
          key: 'dev/2025-11-18T09-12-44Z-pr-31-karpenter.json',
          environment: 'dev',
          createdAt: '2025-11-18T09:12:44Z',
          branch: 'karpenter',
          pullRequest: { number: 31 },
        },
        {
          key: 'production/2025-11-12T08-20-00Z-main.json',
          environment: 'production',
          createdAt: '2025-11-12T08:20:00Z',
          branch: 'main',
        },
      ]);
    });

    it('takes the exact branch, pull request, run and time from the sidecar', async () => {
      plan('eks/dev/2025-11-18T09-12-44Z-pr-31-feature_karpenter.json');
      write('eks/dev/2025-11-18T09-12-44Z-pr-31-feature_karpenter.meta.json', {
        branch: 'feature/karpenter',
        pullRequest: {
          number: 31,
          url: 'https://github.com/piksel-eo/piksel-kubernetes/pull/31',
          title: 'Karpenter for the Dask workers',
        },
        run: {
          id: 11901457726,
          url: 'https://github.com/piksel-eo/piksel-kubernetes/actions/runs/11901457726',
          status: 'success',
          triggeredBy: 'dewi-lestari',
          commit: '6c2e8a0f',
        },
        createdAt: '2025-11-18T09:12:44.512Z',
      });

      const [listed] = await source().listPlans('eks');

      expect(listed).toEqual({
        key: 'dev/2025-11-18T09-12-44Z-pr-31-feature_karpenter.json',
        environment: 'dev',
        createdAt: '2025-11-18T09:12:44.512Z',
        branch: 'feature/karpenter',
        pullRequest: {
          number: 31,
          url: 'https://github.com/piksel-eo/piksel-kubernetes/pull/31',
          title: 'Karpenter for the Dask workers',
        },
        run: {
          id: '11901457726',
          url: 'https://github.com/piksel-eo/piksel-kubernetes/actions/runs/11901457726',
          status: 'success',
          triggeredBy: 'dewi-lestari',
          commit: '6c2e8a0f',
        },
        url: 'https://github.com/piksel-eo/piksel-kubernetes/actions/runs/11901457726',
      });
    });

    it('ignores sidecar fields of the wrong type or with links that are not http(s)', async () => {
      plan('eks/dev/2025-11-18T09-12-44Z-pr-31.json');
      write('eks/dev/2025-11-18T09-12-44Z-pr-31.meta.json', {
        branch: 42,
        pullRequest: {
          number: 'thirty-one',
          url: 'data:text/html,<script>alert(1)</script>',
        },
        run: { id: 'r1', url: 'file:///etc/passwd' },
        createdAt: 'yesterday',
      });
      plan('eks/production/2025-11-12T08-20-00Z-main.json');
      write('eks/production/2025-11-12T08-20-00Z-main.meta.json', '{ not json');

      const listed = await source().listPlans('eks');

      expect(listed).toEqual([
        {
          key: 'dev/2025-11-18T09-12-44Z-pr-31.json',
          environment: 'dev',
          createdAt: '2025-11-18T09:12:44Z',
          pullRequest: { number: 31 },
          run: { id: 'r1' },
        },
        {
          key: 'production/2025-11-12T08-20-00Z-main.json',
          environment: 'production',
          createdAt: '2025-11-12T08:20:00Z',
          branch: 'main',
        },
      ]);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(
          'Ignoring the sidecar of eks/production/2025-11-12T08-20-00Z-main.json',
        ),
      );
    });

    it('resolves the configured directory against the working directory', async () => {
      fs.mkdirSync(path.join(root, 'work'));
      plan('eks/dev/2025-11-19T07-55-31Z-dev.json');

      const listed = await LocalPlanSource.fromConfig(
        new ConfigReader({ terraform: { local: { directory: '../plans' } } }),
        { logger, workingDirectory: path.join(root, 'work') },
      ).listPlans('eks');

      expect(listed.map(p => p.key)).toEqual([
        'dev/2025-11-19T07-55-31Z-dev.json',
      ]);
    });

    it('reports a missing plans directory or target directory as NotFound', async () => {
      const missingBase = await readError(
        source('does-not-exist').listPlans('eks'),
      );
      expect(missingBase.code).toBe('NotFound');
      expect(missingBase.message).toContain('does not exist');

      const missingTarget = await readError(source().listPlans('eks'));
      expect(missingTarget).toEqual(
        expect.objectContaining({ code: 'NotFound', statusCode: 404 }),
      );
      expect(missingTarget.message).toBe(
        'No directory eks in the local plans directory',
      );

      write('not-a-dir', 'x');
      expect((await readError(source().listPlans('not-a-dir'))).code).toBe(
        'NotFound',
      );
    });
  });

  describe('fetching a plan', () => {
    it('streams the file the key names, relative to the target directory', async () => {
      plan('eks/dev/2025-11-19T07-55-31Z-dev.json');

      const stream = await source().fetchPlan(
        'eks',
        'dev/2025-11-19T07-55-31Z-dev.json',
      );

      expect(JSON.parse(await text(stream))).toEqual({
        format_version: '1.2',
        terraform_version: '1.9.8',
        rel: 'eks/dev/2025-11-19T07-55-31Z-dev.json',
      });
    });

    it('refuses keys that leave the target directory or are not plan files', async () => {
      plan('eks/dev/2025-11-19T07-55-31Z-dev.json');
      plan('landing-zone/production/2025-11-13T14-22-09Z-main.json');
      write('eks/dev/2025-11-19T07-55-31Z-dev.meta.json', { branch: 'dev' });
      write('eks/dev/notes.json', { secret: true });

      for (const key of [
        '../landing-zone/production/2025-11-13T14-22-09Z-main.json',
        'dev/../../landing-zone/production/2025-11-13T14-22-09Z-main.json',
        path.join(plans, 'eks/dev/2025-11-19T07-55-31Z-dev.json'),
        'dev/2025-11-19T07-55-31Z-dev.meta.json',
        'dev/notes.json',
        'dev/2025-11-20T00-00-00Z-dev.json',
        'production/2025-11-13T14-22-09Z-main.json',
      ]) {
        const error = await readError(source().fetchPlan('eks', key));
        expect(error.code).toBe('NotFound');
      }
    });

    it('refuses a target that climbs out, before touching the disk', async () => {
      await expect(
        source().fetchPlan('../..', 'dev/2025-11-19T07-55-31Z-dev.json'),
      ).rejects.toThrow(InputError);
    });
  });

  describe('symbolic links', () => {
    it('never lists nor serves a plan file linked from outside the plans directory', async () => {
      const outside = path.join(root, 'outside');
      fs.mkdirSync(outside);
      fs.writeFileSync(path.join(outside, 'secret.json'), '{"secret":1}');
      plan('eks/dev/2025-11-19T07-55-31Z-dev.json');
      fs.symlinkSync(
        path.join(outside, 'secret.json'),
        path.join(plans, 'eks/dev/2025-11-20T00-00-00Z-pr-7.json'),
      );

      const listed = await source().listPlans('eks');
      expect(listed.map(p => p.key)).toEqual([
        'dev/2025-11-19T07-55-31Z-dev.json',
      ]);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('leads outside the plans directory'),
      );
      const error = await readError(
        source().fetchPlan('eks', 'dev/2025-11-20T00-00-00Z-pr-7.json'),
      );
      expect(error.code).toBe('NotFound');
    });

    it('never follows an environment directory linked to outside', async () => {
      const outside = path.join(root, 'outside-env');
      fs.mkdirSync(outside);
      fs.writeFileSync(
        path.join(outside, '2025-11-20T00-00-00Z-main.json'),
        '{"secret":1}',
      );
      fs.mkdirSync(path.join(plans, 'eks'));
      fs.symlinkSync(outside, path.join(plans, 'eks/production'));

      expect(await source().listPlans('eks')).toEqual([]);
      const error = await readError(
        source().fetchPlan('eks', 'production/2025-11-20T00-00-00Z-main.json'),
      );
      expect(error.code).toBe('NotFound');
    });

    it('never reads a target directory linked to outside', async () => {
      const outside = path.join(root, 'elsewhere');
      fs.mkdirSync(path.join(outside, 'dev'), { recursive: true });
      fs.writeFileSync(
        path.join(outside, 'dev/2025-11-20T00-00-00Z-dev.json'),
        '{"secret":1}',
      );
      fs.symlinkSync(outside, path.join(plans, 'escape'));

      expect((await readError(source().listPlans('escape'))).code).toBe(
        'NotFound',
      );
      expect(
        (
          await readError(
            source().fetchPlan('escape', 'dev/2025-11-20T00-00-00Z-dev.json'),
          )
        ).code,
      ).toBe('NotFound');
    });

    it('follows links that stay inside (a target that is an alias of another)', async () => {
      plan('eks/dev/2025-11-19T07-55-31Z-dev.json');
      fs.symlinkSync(path.join(plans, 'eks'), path.join(plans, 'kubernetes'));

      const listed = await source().listPlans('kubernetes');
      expect(listed.map(p => p.key)).toEqual([
        'dev/2025-11-19T07-55-31Z-dev.json',
      ]);
      const stream = await source().fetchPlan('kubernetes', listed[0].key);
      expect(JSON.parse(await text(stream)).rel).toBe(
        'eks/dev/2025-11-19T07-55-31Z-dev.json',
      );
    });
  });
});
