import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Config } from '@backstage/config';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { Octokit } from '@octokit/rest';
import { examples } from './prepareRepo.examples';

/**
 * A new repository's name: it is also the component's entity name, a DNS label for its
 * Kubernetes objects and an ECR repository name, so the strictest of those rules applies.
 *
 * @public
 */
export const NEW_REPO_NAME_PATTERN = /^[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

/** @public */
export type PublishTarget =
  | { type: 'local'; directory: string }
  | { type: 'github'; host: string; organization: string };

/**
 * Reads `portal.scaffolder.*`; throws at startup when `github` is chosen without an
 * organisation or without an integration for its host.
 *
 * @public
 */
export function readPublishTarget(
  config: Config,
  localDirectory: string,
): PublishTarget {
  const type =
    config.getOptionalString('portal.scaffolder.publishTarget') ?? 'local';
  if (type === 'local') return { type, directory: localDirectory };
  if (type !== 'github') {
    throw new Error(
      `portal.scaffolder.publishTarget must be "local" or "github", not "${type}"`,
    );
  }
  const host =
    config.getOptionalString('portal.scaffolder.github.host') ?? 'github.com';
  const organization = config.getOptionalString(
    'portal.scaffolder.github.organization',
  );
  if (!organization) {
    throw new Error(
      'portal.scaffolder.github.organization is required when portal.scaffolder.publishTarget is "github"',
    );
  }
  if (!ScmIntegrations.fromConfig(config).github.byHost(host)) {
    throw new Error(
      `portal.scaffolder.github.host is ${host}, but integrations.github has no entry for it`,
    );
  }
  return { type, host, organization };
}

/** @public */
export interface PrepareRepoActionOptions {
  config: Config;
  target: PublishTarget;
  /** Overridable for tests; defaults to the integration's credentials. */
  githubCredentialsProvider?: GithubCredentialsProvider;
}

/** Whether a repository exists on GitHub; 404 means free, anything but 200/404 is an error. */
async function githubRepoExists(
  options: PrepareRepoActionOptions,
  host: string,
  owner: string,
  repo: string,
): Promise<boolean> {
  const integrations = ScmIntegrations.fromConfig(options.config);
  const integration = integrations.github.byHost(host)!;
  const credentials =
    options.githubCredentialsProvider ??
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  const { token } = await credentials.getCredentials({
    url: `https://${host}/${owner}`,
  });
  const octokit = new Octokit({
    auth: token,
    baseUrl: integration.config.apiBaseUrl,
    request: { retries: 0 },
  });
  try {
    await octokit.rest.repos.get({ owner, repo });
    return true;
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 404) return false;
    throw new Error(
      `Could not check whether ${owner}/${repo} exists on ${host}: ${
        status ? `HTTP ${status} ` : ''
      }${(error as Error).message}`,
      { cause: error },
    );
  }
}

async function localRepoExists(directory: string, name: string) {
  for (const candidate of [`${name}.git`, name]) {
    try {
      await fs.lstat(path.join(directory, candidate));
      return path.join(directory, candidate);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return undefined;
}

/**
 * `portal:repo:prepare`: the first step of every template. Decides where the repository goes,
 * refuses a name that is malformed or already taken there (also in a dry run: it only reads),
 * and returns what the later steps and the skeleton need. With `mustExist` it is the first step
 * of templates that change an existing repository, and refuses a missing one instead.
 *
 * @public
 */
export function createPrepareRepoAction(options: PrepareRepoActionOptions) {
  const { target } = options;
  return createTemplateAction({
    id: 'portal:repo:prepare',
    description:
      'Decides where a new repository is published (GitHub organisation or local git directory, from portal.scaffolder) and fails when its name is invalid or already taken there.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z.string({
            description:
              'Name of the new repository (and component): lower-case letters, digits and hyphens, starting with a letter, 2 to 63 characters.',
          }),
        mustExist: z =>
          z
            .boolean({
              description:
                'Inverts the check, for templates that change an existing repository (a mono-repo): fail when the repository does NOT exist. Default: false.',
            })
            .optional(),
      },
      output: {
        target: z =>
          z.enum(['local', 'github'], {
            description: 'Where the repository is published.',
          }),
        repoName: z => z.string({ description: 'The repository name.' }),
        repoUrl: z =>
          z.string({
            description:
              'For `publish:github`: `<host>?owner=<organization>&repo=<name>`. Empty for local.',
          }),
        organization: z =>
          z.string({
            description: 'The GitHub organisation, or `local`.',
          }),
        projectSlug: z =>
          z.string({
            description:
              '`<organization>/<name>` on GitHub (the `github.com/project-slug` annotation); empty for local.',
          }),
        remoteUrl: z =>
          z.string({
            description: 'Where the repository will be: https or file:// URL.',
          }),
      },
    },
    async handler(ctx) {
      const name = String(ctx.input.name ?? '').trim();
      const mustExist = ctx.input.mustExist === true;
      if (
        mustExist
          ? !/^[A-Za-z0-9._-]{1,100}$/.test(name) || name.startsWith('.')
          : !NEW_REPO_NAME_PATTERN.test(name) || name.includes('--')
      ) {
        throw new InputError(
          `Invalid name ${JSON.stringify(
            ctx.input.name,
          )}: use 2 to 63 lower-case letters, digits and single hyphens, starting with a letter and ending with a letter or digit`,
        );
      }

      if (target.type === 'local') {
        const existing = await localRepoExists(target.directory, name);
        if (existing && !mustExist) {
          throw new ConflictError(
            `Repository ${name} already exists at ${existing}; choose another name`,
          );
        }
        if (!existing && mustExist) {
          throw new NotFoundError(
            `Repository ${name} does not exist in ${target.directory}`,
          );
        }
        ctx.output('target', 'local');
        ctx.output('repoName', name);
        ctx.output('repoUrl', '');
        ctx.output('organization', 'local');
        ctx.output('projectSlug', '');
        ctx.output(
          'remoteUrl',
          pathToFileURL(existing ?? path.join(target.directory, `${name}.git`))
            .href,
        );
        return;
      }

      const exists = await githubRepoExists(
        options,
        target.host,
        target.organization,
        name,
      );
      if (exists && !mustExist) {
        throw new ConflictError(
          `Repository ${target.organization}/${name} already exists on ${target.host}; choose another name`,
        );
      }
      if (!exists && mustExist) {
        throw new NotFoundError(
          `Repository ${target.organization}/${name} does not exist on ${target.host}`,
        );
      }
      ctx.logger.info(
        `${target.organization}/${name} ${
          mustExist ? 'exists' : 'is free'
        } on ${target.host}`,
      );
      ctx.output('target', 'github');
      ctx.output('repoName', name);
      ctx.output(
        'repoUrl',
        `${target.host}?owner=${encodeURIComponent(
          target.organization,
        )}&repo=${encodeURIComponent(name)}`,
      );
      ctx.output('organization', target.organization);
      ctx.output('projectSlug', `${target.organization}/${name}`);
      ctx.output(
        'remoteUrl',
        `https://${target.host}/${target.organization}/${name}`,
      );
    },
  });
}
