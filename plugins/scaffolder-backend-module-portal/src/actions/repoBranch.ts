import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { Octokit } from '@octokit/rest';
import { PublishTarget } from './prepareRepo';
import { examples } from './repoBranch.examples';

const execFileAsync = promisify(execFile);

/** @public */
export interface RepoBranchActionOptions {
  config: Config;
  target: PublishTarget;
  githubCredentialsProvider?: GithubCredentialsProvider;
}

type BranchRequest = {
  repoName: string;
  branch: string;
  from: string;
  /** Absolute directory whose files are laid over `from`'s tree; none: same commit as `from`. */
  overlayDir?: string;
  refuseExistingPaths: string[];
  commitMessage: string;
  author: { name: string; email: string };
};

type BranchResult = { commitHash: string; branchUrl: string };

/** Files under `dir`, relative with `/`, skipping `.git`. */
async function filesIn(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string) => {
    for (const entry of await fs.readdir(path.join(dir, rel), {
      withFileTypes: true,
    })) {
      if (entry.name === '.git') continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile()) out.push(child);
    }
  };
  await walk('');
  return out.sort();
}

/** Git without the caller's GIT_DIR and friends, so it never acts on another repository. */
async function git(args: string[], cwd?: string, env?: NodeJS.ProcessEnv) {
  const clean = { ...process.env };
  for (const key of Object.keys(clean)) {
    if (key.startsWith('GIT_')) delete clean[key];
  }
  try {
    const { stdout } = await execFileAsync('git', args, {
      cwd,
      env: { ...clean, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout.trim();
  } catch (error) {
    const e = error as Error & { stderr?: string };
    throw new Error(`git ${args[0]} failed: ${(e.stderr || e.message).trim()}`);
  }
}

async function localRepoPath(directory: string, req: BranchRequest) {
  let repoPath: string | undefined;
  for (const candidate of [`${req.repoName}.git`, req.repoName]) {
    const p = path.join(directory, candidate);
    if (await fs.stat(p).catch(() => undefined)) {
      repoPath = p;
      break;
    }
  }
  if (!repoPath) {
    throw new NotFoundError(
      `Repository ${req.repoName} does not exist in ${directory}`,
    );
  }
  return repoPath;
}

async function assertPathsFreeLocal(directory: string, req: BranchRequest) {
  const repoPath = await localRepoPath(directory, req);
  for (const p of req.refuseExistingPaths) {
    const found = await git(
      ['cat-file', '-e', `${req.from}:${p}`],
      repoPath,
    ).then(
      () => true,
      () => false,
    );
    if (found) {
      throw new ConflictError(
        `${p} already exists on ${req.from} of ${req.repoName}; choose another name`,
      );
    }
  }
}

async function branchLocal(
  directory: string,
  req: BranchRequest,
): Promise<BranchResult> {
  const repoPath = await localRepoPath(directory, req);
  const remote = pathToFileURL(repoPath).href;
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'repo-branch-'));
  try {
    const existing = await git(['ls-remote', '--heads', remote]);
    const heads = new Set(
      existing
        .split('\n')
        .filter(Boolean)
        .map(l => l.split('\t')[1].replace(/^refs\/heads\//, '')),
    );
    if (!heads.has(req.from)) {
      throw new NotFoundError(
        `Branch ${req.from} does not exist in ${req.repoName}`,
      );
    }
    if (heads.has(req.branch)) {
      throw new ConflictError(
        `Branch ${req.branch} already exists in ${req.repoName}`,
      );
    }
    await git(['clone', '--quiet', '--branch', req.from, remote, tmp]);
    for (const p of req.refuseExistingPaths) {
      if (await fs.lstat(resolveSafeChildPath(tmp, p)).catch(() => undefined)) {
        throw new ConflictError(
          `${p} already exists on ${req.from} of ${req.repoName}; choose another name`,
        );
      }
    }
    await git(['checkout', '--quiet', '-b', req.branch], tmp);
    if (req.overlayDir) {
      await fs.cp(req.overlayDir, tmp, { recursive: true, force: true });
      await git(['add', '--all', '.'], tmp);
      const env = {
        GIT_AUTHOR_NAME: req.author.name,
        GIT_AUTHOR_EMAIL: req.author.email,
        GIT_COMMITTER_NAME: req.author.name,
        GIT_COMMITTER_EMAIL: req.author.email,
      };
      await git(
        [
          '-c',
          'commit.gpgsign=false',
          'commit',
          '--quiet',
          '--no-verify',
          '--allow-empty',
          '-m',
          req.commitMessage,
        ],
        tmp,
        env,
      );
    }
    const commitHash = await git(['rev-parse', 'HEAD'], tmp);
    await git(
      ['push', '--quiet', 'origin', `HEAD:refs/heads/${req.branch}`],
      tmp,
    );
    return {
      commitHash,
      branchUrl: `${remote}/tree/${encodeURIComponent(req.branch)}`,
    };
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

async function githubClient(
  options: RepoBranchActionOptions,
  host: string,
  owner: string,
) {
  const integrations = ScmIntegrations.fromConfig(options.config);
  const integration = integrations.github.byHost(host)!;
  const credentials =
    options.githubCredentialsProvider ??
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  const { token } = await credentials.getCredentials({
    url: `https://${host}/${owner}`,
  });
  return new Octokit({
    auth: token,
    baseUrl: integration.config.apiBaseUrl,
    request: { retries: 0 },
  });
}

const status = (error: unknown) => (error as { status?: number }).status;

async function assertPathsFreeGithub(
  octokit: Octokit,
  owner: string,
  req: BranchRequest,
) {
  for (const p of req.refuseExistingPaths) {
    const found = await octokit.rest.repos
      .getContent({ owner, repo: req.repoName, path: p, ref: req.from })
      .then(
        () => true,
        error => {
          if (status(error) === 404) return false;
          throw error;
        },
      );
    if (found) {
      throw new ConflictError(
        `${p} already exists on ${req.from} of ${owner}/${req.repoName}; choose another name`,
      );
    }
  }
}

/** Git Data API: blobs, a tree on top of `from`'s tree, a commit, then the new ref. */
async function branchGithub(
  options: RepoBranchActionOptions,
  target: Extract<PublishTarget, { type: 'github' }>,
  req: BranchRequest,
): Promise<BranchResult> {
  const owner = target.organization;
  const repo = req.repoName;
  const octokit = await githubClient(options, target.host, owner);
  const base = await octokit.rest.git
    .getRef({ owner, repo, ref: `heads/${req.from}` })
    .catch(error => {
      if (status(error) === 404) {
        throw new NotFoundError(
          `Branch ${req.from} does not exist in ${owner}/${repo}`,
        );
      }
      throw error;
    });
  const exists = await octokit.rest.git
    .getRef({ owner, repo, ref: `heads/${req.branch}` })
    .then(
      () => true,
      error => {
        if (status(error) === 404) return false;
        throw error;
      },
    );
  if (exists) {
    throw new ConflictError(
      `Branch ${req.branch} already exists in ${owner}/${repo}`,
    );
  }
  await assertPathsFreeGithub(octokit, owner, req);
  let sha = base.data.object.sha;
  if (req.overlayDir) {
    const baseCommit = await octokit.rest.git.getCommit({
      owner,
      repo,
      commit_sha: sha,
    });
    const tree = [];
    for (const file of await filesIn(req.overlayDir)) {
      const full = path.join(req.overlayDir, file);
      const content = await fs.readFile(full);
      const mode = (await fs.stat(full)).mode & 0o111 ? '100755' : '100644';
      const blob = await octokit.rest.git.createBlob({
        owner,
        repo,
        content: content.toString('base64'),
        encoding: 'base64',
      });
      tree.push({
        path: file,
        mode: mode as '100755' | '100644',
        type: 'blob' as const,
        sha: blob.data.sha,
      });
    }
    const newTree = await octokit.rest.git.createTree({
      owner,
      repo,
      base_tree: baseCommit.data.tree.sha,
      tree,
    });
    const commit = await octokit.rest.git.createCommit({
      owner,
      repo,
      message: req.commitMessage,
      tree: newTree.data.sha,
      parents: [sha],
      author: req.author,
    });
    sha = commit.data.sha;
  }
  await octokit.rest.git.createRef({
    owner,
    repo,
    ref: `refs/heads/${req.branch}`,
    sha,
  });
  return {
    commitHash: sha,
    branchUrl: `https://${
      target.host
    }/${owner}/${repo}/tree/${encodeURIComponent(req.branch)}`,
  };
}

/**
 * `portal:repo:branch`: creates a branch in a repository of the publish target (the one just
 * published, or an existing one such as a mono-repo), optionally with one commit that lays a
 * workspace directory over the source branch. Git Flow templates use it for `develop` at a
 * `-SNAPSHOT` version; the mono-repo template for its change branch.
 *
 * @public
 */
export function createRepoBranchAction(options: RepoBranchActionOptions) {
  const { target, config } = options;
  const author = {
    name:
      config.getOptionalString('scaffolder.defaultAuthor.name') ??
      'Platform Portal',
    email:
      config.getOptionalString('scaffolder.defaultAuthor.email') ??
      'portal@localhost',
  };
  return createTemplateAction({
    id: 'portal:repo:branch',
    description:
      'Creates a branch in a repository of the publish target (local git or GitHub), optionally with one commit of files from the workspace; can refuse paths that already exist.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z => z.string({ description: 'The repository.' }),
        branch: z => z.string({ description: 'The branch to create.' }),
        from: z =>
          z
            .string({ description: 'The branch to start from. Default: main.' })
            .optional(),
        sourcePath: z =>
          z
            .string({
              description:
                "Workspace directory whose files are committed over `from`'s tree. Without it the branch points at `from`.",
            })
            .optional(),
        commitMessage: z =>
          z.string({ description: 'Message of the commit.' }).optional(),
        refuseExistingPaths: z =>
          z
            .array(z.string(), {
              description:
                'Fail, before anything is created, when one of these paths exists on `from`.',
            })
            .optional(),
      },
      output: {
        branch: z => z.string(),
        commitHash: z => z.string(),
        branchUrl: z => z.string(),
      },
    },
    async handler(ctx) {
      const { repoName, branch } = ctx.input;
      const from = ctx.input.from || 'main';
      for (const name of [branch, from]) {
        if (
          !/^[A-Za-z0-9._/-]+$/.test(name) ||
          name.includes('..') ||
          name.startsWith('-')
        ) {
          throw new InputError(`Invalid branch name "${name}"`);
        }
      }
      const req: BranchRequest = {
        repoName,
        branch,
        from,
        overlayDir: ctx.input.sourcePath
          ? resolveSafeChildPath(ctx.workspacePath, ctx.input.sourcePath)
          : undefined,
        refuseExistingPaths: (ctx.input.refuseExistingPaths ?? []).map(p =>
          p.replace(/^\/+|\/+$/g, ''),
        ),
        commitMessage: ctx.input.commitMessage || `Create ${branch}`,
        author,
      };
      if (
        req.refuseExistingPaths.some(p => !p || p.split('/').includes('..'))
      ) {
        throw new InputError(
          'refuseExistingPaths must be relative paths inside the repository',
        );
      }
      if (ctx.isDryRun) {
        // Read-only, so a dry run can already refuse an existing path in an existing repo.
        if (req.refuseExistingPaths.length > 0) {
          if (target.type === 'local') {
            await assertPathsFreeLocal(target.directory, req);
          } else {
            await assertPathsFreeGithub(
              await githubClient(options, target.host, target.organization),
              target.organization,
              req,
            );
          }
        }
        ctx.logger.info(
          `Dry run: would create ${branch} from ${from} in ${repoName}${
            req.overlayDir ? ` with the files of ${ctx.input.sourcePath}` : ''
          }`,
        );
        ctx.output('branch', branch);
        ctx.output('commitHash', '0000000000000000000000000000000000000000');
        ctx.output('branchUrl', '');
        return;
      }
      const result = await ctx.checkpoint({
        key: `portal.repo.branch.${repoName}.${branch}`,
        fn: () =>
          target.type === 'local'
            ? branchLocal(target.directory, req)
            : branchGithub(options, target, req),
      });
      ctx.logger.info(
        `Created ${branch} at ${result.commitHash} in ${repoName}`,
      );
      ctx.output('branch', branch);
      ctx.output('commitHash', result.commitHash);
      ctx.output('branchUrl', result.branchUrl);
    },
  });
}
