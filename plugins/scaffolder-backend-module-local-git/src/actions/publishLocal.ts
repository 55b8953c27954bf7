import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import {
  LoggerService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import { EventsService } from '@backstage/plugin-events-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './publishLocal.examples';

const execFileAsync = promisify(execFile);

/** What a repository name must look like: it becomes `<name>.git` in the target directory. */
export const REPO_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,99}$/;

/** The git config key the repository discovery reads topics from. */
const TOPICS_CONFIG_KEY = 'platform-portal.topics';

const DEFAULT_AUTHOR_NAME = 'Platform Portal';
const DEFAULT_AUTHOR_EMAIL = 'portal@localhost';

/** @public */
export interface PublishLocalActionOptions {
  /** Read for `scaffolder.defaultAuthor.name/email`. */
  config: Config;
  /** Absolute directory the bare repositories are created in. */
  directory: string;
  /**
   * When given, a new repository is announced on `platform-portal.repository`, so the catalog's
   * repository discovery catalogs it at once instead of at its next sweep.
   */
  events?: EventsService;
}

/** The topic new repositories are announced on (read by the repository discovery). */
export const LOCAL_REPOSITORY_TOPIC = 'platform-portal.repository';

type PublishLocalOutput = {
  remoteUrl: string;
  repoContentsUrl: string;
  commitHash: string;
  repoPath: string;
};

/**
 * The directory `publish:local` publishes to: `scaffolder.localGit.directory`, else
 * `$PORTAL_DATA_DIR/repos`, else `./.data/repos`; relative paths are resolved from the working
 * directory.
 *
 * @public
 */
export function resolveLocalGitDirectory(
  config: Config,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): string {
  const configured = config.getOptionalString('scaffolder.localGit.directory');
  if (configured) return path.resolve(cwd, configured);
  const dataDir = env.PORTAL_DATA_DIR;
  if (dataDir) return path.resolve(cwd, dataDir, 'repos');
  return path.resolve(cwd, '.data', 'repos');
}

/** The process environment without variables that would point git at another repository. */
function inheritedEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of [
    'GIT_DIR',
    'GIT_WORK_TREE',
    'GIT_INDEX_FILE',
    'GIT_OBJECT_DIRECTORY',
    'GIT_ALTERNATE_OBJECT_DIRECTORIES',
    'GIT_NAMESPACE',
  ]) {
    delete env[key];
  }
  return env;
}

const KNOWN_COMMANDS = new Set([
  'init',
  'add',
  'commit',
  'rev-parse',
  'push',
  'config',
  'check-ref-format',
]);

async function git(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<string> {
  try {
    const { stdout } = await execFileAsync('git', args, {
      cwd: options.cwd,
      env: { ...inheritedEnv(), ...options.env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const e = error as Error & { stderr?: string };
    throw new Error(
      `git ${args.find(a => KNOWN_COMMANDS.has(a)) ?? args[0]} failed: ${(
        e.stderr || e.message
      ).trim()}`,
      { cause: error },
    );
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function isValidBranchName(name: string): Promise<boolean> {
  if (!name || name.startsWith('-')) return false;
  try {
    await git(['check-ref-format', `refs/heads/${name}`]);
    return true;
  } catch {
    return false;
  }
}

/**
 * `publish:local`: publishes the workspace (or a sub-directory of it) as a new bare git
 * repository `<directory>/<repoName>.git`, where the catalog's repository discovery finds it.
 *
 * @public
 */
export function createPublishLocalAction(options: PublishLocalActionOptions) {
  const { config } = options;
  const directory = path.resolve(options.directory);
  const defaultAuthorName =
    config.getOptionalString('scaffolder.defaultAuthor.name') ??
    DEFAULT_AUTHOR_NAME;
  const defaultAuthorEmail =
    config.getOptionalString('scaffolder.defaultAuthor.email') ??
    DEFAULT_AUTHOR_EMAIL;

  return createTemplateAction({
    id: 'publish:local',
    description:
      "Publishes the workspace as a new bare git repository in the portal's local repository directory, where the catalog discovers it.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z =>
          z.string({
            description:
              'Name of the new repository, created as `<repoName>.git`. Lower-case letters, digits, `.`, `_` and `-`, starting with a letter or digit, at most 100 characters.',
          }),
        description: z =>
          z
            .string({
              description:
                'Description of the repository, written to its `description` file.',
            })
            .optional(),
        defaultBranch: z =>
          z
            .string({
              description: 'Name of the default branch. Default: `main`.',
            })
            .default('main')
            .optional(),
        extraBranches: z =>
          z
            .array(z.string(), {
              description:
                'More branches to create at the same commit, e.g. `[develop]` for Git Flow.',
            })
            .optional(),
        sourcePath: z =>
          z
            .string({
              description:
                'Sub-directory of the workspace to publish. Default: the whole workspace.',
            })
            .optional(),
        gitCommitMessage: z =>
          z
            .string({
              description:
                'Message of the initial commit. Default: `Initial commit`.',
            })
            .default('Initial commit')
            .optional(),
        gitAuthorName: z =>
          z
            .string({
              description:
                'Author (and committer) name of the initial commit. Default: `scaffolder.defaultAuthor.name`, else `Platform Portal`.',
            })
            .optional(),
        gitAuthorEmail: z =>
          z
            .string({
              description:
                'Author (and committer) e-mail of the initial commit. Default: `scaffolder.defaultAuthor.email`, else `portal@localhost`.',
            })
            .optional(),
        topics: z =>
          z
            .array(z.string(), {
              description:
                'Topics of the repository, written to its git config `platform-portal.topics`.',
            })
            .optional(),
      },
      output: {
        remoteUrl: z =>
          z.string({
            description: 'file:// URL of the new bare repository.',
          }),
        repoContentsUrl: z =>
          z.string({
            description:
              'file:// URL of the repository contents on the default branch (`<remoteUrl>/blob/<defaultBranch>`).',
          }),
        commitHash: z =>
          z.string({ description: 'Hash of the initial commit.' }),
        repoPath: z =>
          z.string({
            description: 'Absolute path of the new bare repository.',
          }),
      },
    },
    async handler(ctx) {
      const { repoName } = ctx.input;
      if (typeof repoName !== 'string' || !REPO_NAME_PATTERN.test(repoName)) {
        throw new InputError(
          `Invalid repoName ${JSON.stringify(
            repoName,
          )}: use 1 to 100 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit`,
        );
      }
      if (repoName.endsWith('.git')) {
        throw new InputError(
          `Invalid repoName "${repoName}": leave out the .git suffix, it is added`,
        );
      }
      const defaultBranch = ctx.input.defaultBranch || 'main';
      const extraBranches = [...new Set(ctx.input.extraBranches ?? [])].filter(
        b => b !== defaultBranch,
      );
      for (const branch of [defaultBranch, ...extraBranches]) {
        if (!(await isValidBranchName(branch))) {
          throw new InputError(`Invalid branch name "${branch}"`);
        }
      }
      const topics = [
        ...new Set(
          (ctx.input.topics ?? [])
            .map(t => t.trim().toLocaleLowerCase('en-US'))
            .filter(Boolean),
        ),
      ];
      const badTopic = topics.find(t => /[,\s]/.test(t));
      if (badTopic !== undefined) {
        throw new InputError(
          `Invalid topic "${badTopic}": topics may not contain commas or spaces`,
        );
      }
      const description = ctx.input.description?.trim();
      const commitMessage = ctx.input.gitCommitMessage || 'Initial commit';
      const authorName = ctx.input.gitAuthorName || defaultAuthorName;
      const authorEmail = ctx.input.gitAuthorEmail || defaultAuthorEmail;

      const sourceDir = ctx.input.sourcePath
        ? resolveSafeChildPath(ctx.workspacePath, ctx.input.sourcePath)
        : ctx.workspacePath;

      const repoPath = path.join(directory, `${repoName}.git`);
      const remoteUrl = pathToFileURL(repoPath).href;
      const repoContentsUrl = `${remoteUrl}/blob/${encodeURIComponent(
        defaultBranch,
      )}`;

      // The discovery treats `<name>` and `<name>.git` as the same repository.
      const assertNotExisting = async () => {
        for (const candidate of [repoPath, path.join(directory, repoName)]) {
          if (await exists(candidate)) {
            throw new ConflictError(
              `Repository ${repoName} already exists at ${candidate}; choose another name`,
            );
          }
        }
      };

      if (ctx.isDryRun) {
        await assertNotExisting();
        ctx.logger.info(
          `Dry run: would publish ${sourceDir} to ${repoPath} (branches ${[
            defaultBranch,
            ...extraBranches,
          ].join(', ')})`,
        );
        ctx.output('remoteUrl', remoteUrl);
        ctx.output('repoContentsUrl', repoContentsUrl);
        ctx.output('commitHash', '0000000000000000000000000000000000000000');
        ctx.output('repoPath', repoPath);
        return;
      }

      const result = await ctx.checkpoint<PublishLocalOutput>({
        key: `publish.local.${repoName}`,
        fn: async () => {
          await assertNotExisting();
          const stat = await fs.stat(sourceDir).catch(() => undefined);
          if (!stat?.isDirectory()) {
            throw new InputError(
              `Source directory ${
                ctx.input.sourcePath ?? '.'
              } does not exist in the workspace`,
            );
          }
          const commitHash = await publish({
            logger: ctx.logger,
            directory,
            repoPath,
            remoteUrl,
            sourceDir,
            defaultBranch,
            extraBranches,
            commitMessage,
            authorName,
            authorEmail,
            topics,
            description,
          });
          return { remoteUrl, repoContentsUrl, commitHash, repoPath };
        },
      });

      if (options.events) {
        // Best effort: the next discovery sweep catalogs the repository anyway.
        await options.events
          .publish({
            topic: LOCAL_REPOSITORY_TOPIC,
            eventPayload: { action: 'published', directory, name: repoName },
          })
          .catch(error =>
            ctx.logger.warn(`Could not announce ${repoName}: ${error}`),
          );
      }

      ctx.output('remoteUrl', result.remoteUrl);
      ctx.output('repoContentsUrl', result.repoContentsUrl);
      ctx.output('commitHash', result.commitHash);
      ctx.output('repoPath', result.repoPath);
    },
  });
}

/** Creates the bare repository; removes it again when anything fails. Returns the commit. */
async function publish(options: {
  logger: LoggerService;
  directory: string;
  repoPath: string;
  remoteUrl: string;
  sourceDir: string;
  defaultBranch: string;
  extraBranches: string[];
  commitMessage: string;
  authorName: string;
  authorEmail: string;
  topics: string[];
  description?: string;
}): Promise<string> {
  const { logger, repoPath, sourceDir, defaultBranch, extraBranches } = options;

  await fs.mkdir(options.directory, { recursive: true });
  // Claims the name atomically: a concurrent task publishing the same name fails here.
  try {
    await fs.mkdir(repoPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new ConflictError(
        `Repository ${path.basename(
          repoPath,
          '.git',
        )} already exists at ${repoPath}; choose another name`,
      );
    }
    throw error;
  }

  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'publish-local-'));
  try {
    // A throw-away repository whose work tree is the source directory, so the workspace gets
    // no .git of its own.
    const gitDir = path.join(tmp, '.git');
    const local = ['--git-dir', gitDir, '--work-tree', sourceDir];
    const env = {
      GIT_AUTHOR_NAME: options.authorName,
      GIT_AUTHOR_EMAIL: options.authorEmail,
      GIT_COMMITTER_NAME: options.authorName,
      GIT_COMMITTER_EMAIL: options.authorEmail,
    };
    logger.info(`Committing ${sourceDir}`);
    await git(['init', '--quiet', `--initial-branch=${defaultBranch}`, tmp]);
    await git([...local, 'add', '--all', '.'], { cwd: sourceDir });
    await git(
      [
        ...local,
        '-c',
        'commit.gpgsign=false',
        'commit',
        '--quiet',
        '--allow-empty',
        '--no-verify',
        '-m',
        options.commitMessage,
      ],
      { cwd: sourceDir, env },
    );
    const commitHash = (
      await git(['--git-dir', gitDir, 'rev-parse', 'HEAD'])
    ).trim();

    logger.info(`Creating bare repository ${repoPath}`);
    await git([
      'init',
      '--quiet',
      '--bare',
      `--initial-branch=${defaultBranch}`,
      repoPath,
    ]);
    await git([
      '--git-dir',
      gitDir,
      'push',
      '--quiet',
      repoPath,
      ...[defaultBranch, ...extraBranches].map(
        b => `${commitHash}:refs/heads/${b}`,
      ),
    ]);
    if (options.topics.length > 0) {
      await git([
        '--git-dir',
        repoPath,
        'config',
        TOPICS_CONFIG_KEY,
        options.topics.join(','),
      ]);
    }
    if (options.description) {
      await fs.writeFile(
        path.join(repoPath, 'description'),
        `${options.description.replace(/\s*\n\s*/g, ' ')}\n`,
      );
    }
    logger.info(
      `Published ${options.remoteUrl} at ${commitHash} (branches ${[
        defaultBranch,
        ...extraBranches,
      ].join(', ')})`,
    );
    return commitHash;
  } catch (error) {
    logger.error(
      `Publishing to ${repoPath} failed, removing it: ${
        (error as Error).message
      }`,
    );
    await fs.rm(repoPath, { recursive: true, force: true });
    throw error;
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}
