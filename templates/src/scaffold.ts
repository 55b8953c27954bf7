import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { parse } from 'yaml';
import { listFiles } from './checks';

/** The templates directory (this package's root); tests only run from source. */
// eslint-disable-next-line no-restricted-syntax
export const TEMPLATES_DIR = path.resolve(__dirname, '..');

/** The template entity of `templates/<dir>/template.yaml`, located as the catalog would. */
export function loadTemplate(dir: string): Entity {
  const file = path.join(TEMPLATES_DIR, dir, 'template.yaml');
  const entity = parse(fs.readFileSync(file, 'utf8')) as Entity;
  entity.metadata.namespace ??= 'default';
  entity.metadata.annotations = {
    ...entity.metadata.annotations,
    'backstage.io/managed-by-location': `file:${file}`,
    'backstage.io/managed-by-origin-location': `file:${file}`,
  };
  return entity;
}

/** Every template directory: those with a template.yaml. */
export function templateDirs(): string[] {
  return fs
    .readdirSync(TEMPLATES_DIR, { withFileTypes: true })
    .filter(
      d =>
        d.isDirectory() &&
        fs.existsSync(path.join(TEMPLATES_DIR, d.name, 'template.yaml')),
    )
    .map(d => d.name)
    .sort();
}

export type TaskResult = {
  status: string;
  output: Record<string, any>;
  log: string[];
};

/**
 * The real scaffolder backend (with the GitHub module, `publish:local` and
 * `portal:repo:prepare`) over an in-memory database, with the given entities in the catalog.
 * Repositories are published to a fresh temporary directory.
 */
export async function startScaffolder(options: {
  entities: Entity[];
  config?: Record<string, unknown>;
}) {
  const reposDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-repos-'));
  // The catalog: the given entities, plus what the repository discovery would find, namely the
  // catalog-info.yaml of a published repository, so `portal:catalog:wait` sees it.
  const base = catalogServiceMock({ entities: options.entities });
  const discovered = async (ref: string): Promise<Entity | undefined> => {
    const match = /^component:default\/([a-z0-9-]+)$/.exec(ref);
    const repo = match && path.join(reposDir, `${match[1]}.git`);
    if (!repo || !fs.existsSync(repo)) return undefined;
    try {
      const file = execFileSync(
        'git',
        ['--git-dir', repo, 'show', 'HEAD:catalog-info.yaml'],
        { encoding: 'utf8', stdio: 'pipe' },
      );
      return parse(file) as Entity;
    } catch {
      return undefined;
    }
  };
  const catalog = new Proxy(base, {
    get(target, prop, receiver) {
      if (prop === 'getEntityByRef') {
        return async (ref: any, opts?: any) =>
          (await target.getEntityByRef(ref, opts)) ??
          (typeof ref === 'string' ? discovered(ref) : undefined);
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const backend = await startTestBackend({
    features: [
      require('@backstage/plugin-scaffolder-backend'),
      require('@backstage/plugin-scaffolder-backend-module-github'),
      require('@platform-portal/plugin-scaffolder-backend-module-local-git'),
      require('@platform-portal/plugin-scaffolder-backend-module-portal'),
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalog,
      }),
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://localhost:7007' },
          integrations: { github: [{ host: 'github.com', token: 'unused' }] },
          scaffolder: {
            localGit: { directory: reposDir },
            defaultAuthor: {
              name: 'Platform Portal',
              email: 'portal@orbital-data.example',
            },
          },
          portal: { scaffolder: { publishTarget: 'local' } },
          ...options.config,
        },
      }),
    ],
  });
  const baseUrl = `http://localhost:${backend.server.port()}/api/scaffolder`;
  const call = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${route}`, {
      method,
      headers: {
        Authorization: mockCredentials.user.header(),
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, body: json };
  };

  const api = {
    reposDir,
    call,

    /** POST /v2/dry-run with the template directory sent as the editor sends it. */
    async dryRun(dir: string, values: Record<string, unknown>) {
      const templateDir = path.join(TEMPLATES_DIR, dir);
      const template = parse(
        fs.readFileSync(path.join(templateDir, 'template.yaml'), 'utf8'),
      );
      const directoryContents = listFiles(templateDir).map(file => ({
        path: file,
        base64Content: fs
          .readFileSync(path.join(templateDir, file))
          .toString('base64'),
      }));
      return call('POST', '/v2/dry-run', {
        template,
        values,
        secrets: {},
        directoryContents,
      });
    },

    /** POST /v2/tasks for the catalog template, then waits until the task ends. */
    async run(
      templateName: string,
      values: Record<string, unknown>,
    ): Promise<TaskResult> {
      const created = await call('POST', '/v2/tasks', {
        templateRef: `template:default/${templateName}`,
        values,
      });
      if (created.status !== 201) {
        throw new Error(
          `POST /v2/tasks: ${created.status} ${JSON.stringify(created.body)}`,
        );
      }
      const { id } = created.body;
      for (;;) {
        const task = await call('GET', `/v2/tasks/${id}`);
        if (['completed', 'failed', 'cancelled'].includes(task.body.status)) {
          const events = await call('GET', `/v2/tasks/${id}/events`);
          const log = (events.body as any[])
            .filter(e => e.type === 'log')
            .map(e => `${e.body.stepId ?? ''} ${e.body.message}`);
          const completion = (events.body as any[]).find(
            e => e.type === 'completion',
          );
          return {
            status: task.body.status,
            output: completion?.body?.output ?? {},
            log,
          };
        }
        await new Promise(r => setTimeout(r, 100));
      }
    },

    /** A working copy of a published repository, on the given branch. */
    checkout(repoName: string, branch = 'main'): string {
      const target = fs.mkdtempSync(path.join(os.tmpdir(), `${repoName}-`));
      execFileSync(
        'git',
        [
          'clone',
          '--quiet',
          '--branch',
          branch,
          pathToFileURL(path.join(reposDir, `${repoName}.git`)).href,
          target,
        ],
        { stdio: 'pipe' },
      );
      return target;
    },

    branches(repoName: string): string[] {
      return execFileSync(
        'git',
        [
          '--git-dir',
          path.join(reposDir, `${repoName}.git`),
          'for-each-ref',
          '--format=%(refname:short)',
          'refs/heads',
        ],
        { encoding: 'utf8' },
      )
        .split('\n')
        .filter(Boolean)
        .sort();
    },

    async stop() {
      await backend.stop();
      fs.rmSync(reposDir, { recursive: true, force: true });
    },
  };
  return api;
}

/** The files of a dry run's result, by path. */
export function dryRunFiles(body: {
  directoryContents: Array<{ path: string; base64Content: string }>;
}): Record<string, string> {
  return Object.fromEntries(
    body.directoryContents.map(f => [
      f.path,
      Buffer.from(f.base64Content, 'base64').toString('utf8'),
    ]),
  );
}
