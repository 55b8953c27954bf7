/**
 * Builds small, real git repositories on disk for tests: work trees (`<dir>/<name>/.git`) and
 * bare repositories (`<dir>/<name>.git`, as the portal's templates push to). Commits have a fixed
 * author and date, so object ids are the same on every run; the user's and the system's git
 * config are ignored.
 *
 * ```ts
 * const dir = createMockDirectory();
 * await createGitRepo(dir.path, 'orders', { 'Dockerfile': 'FROM node:22\n' }, { bare: true });
 * ```
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Files of a commit: path → content; `null` deletes the file (in {@link commitFiles}). */
export type GitFiles = Record<string, string | null>;

export interface CreateGitRepoOptions {
  /** A bare repository `<name>.git`, filled by pushing from a temporary work tree. */
  bare?: boolean;
  /** The branch committed to, and HEAD's branch; `main` by default. */
  branch?: string;
  /**
   * Where HEAD points when it should differ from `branch` (a bare repository created with
   * `master` as HEAD that was pushed `main`).
   */
  head?: string;
  /** `git config` of the repository, e.g. `{ 'platform-portal.archived': 'true' }`. */
  config?: Record<string, string>;
  /** Content of the `description` file of the git directory. */
  description?: string;
  /** Commit message; `Initial commit` by default. */
  message?: string;
}

export interface GitRepo {
  name: string;
  /** The repository's directory: the work tree, or the bare repository. */
  path: string;
  /** Its git directory. */
  gitDir: string;
  bare: boolean;
  branch: string;
}

/** A fixed identity and clock, so commits are reproducible. */
export const GIT_TEST_DATE = '2026-10-01T09:00:00Z';

function testEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_AUTHOR_NAME: 'Platform Portal Tests',
    GIT_AUTHOR_EMAIL: 'tests@platform-portal.example',
    GIT_COMMITTER_NAME: 'Platform Portal Tests',
    GIT_COMMITTER_EMAIL: 'tests@platform-portal.example',
    GIT_AUTHOR_DATE: GIT_TEST_DATE,
    GIT_COMMITTER_DATE: GIT_TEST_DATE,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: os.devNull,
    GIT_TERMINAL_PROMPT: '0',
  };
  for (const name of [
    'GIT_DIR',
    'GIT_WORK_TREE',
    'GIT_INDEX_FILE',
    'GIT_OBJECT_DIRECTORY',
  ]) {
    delete env[name];
  }
  return env;
}

/** Runs git in `cwd` (no shell) and returns its stdout. */
export function runGit(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [
        '-c',
        'commit.gpgsign=false',
        '-c',
        `core.hooksPath=${os.devNull}`,
        ...args,
      ],
      { cwd, env: testEnv(), maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) =>
        error
          ? reject(
              new Error(
                `git ${args.join(' ')} failed in ${cwd}: ${
                  stderr || error.message
                }`,
              ),
            )
          : resolve(stdout),
    );
  });
}

async function writeFiles(root: string, files: GitFiles) {
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(root, file);
    if (content === null) {
      await fs.rm(target, { force: true });
    } else {
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, content);
    }
  }
}

async function commitAll(workTree: string, message: string) {
  await runGit(workTree, ['add', '-A']);
  await runGit(workTree, ['commit', '-q', '--allow-empty', '-m', message]);
}

/**
 * Creates `<dir>/<name>` (or `<dir>/<name>.git` when bare) with one commit of `files` on
 * `branch`; with no files, an empty repository without commits.
 */
export async function createGitRepo(
  dir: string,
  name: string,
  files: GitFiles,
  options: CreateGitRepoOptions = {},
): Promise<GitRepo> {
  const branch = options.branch ?? 'main';
  const message = options.message ?? 'Initial commit';
  const hasFiles = Object.values(files).some(content => content !== null);
  await fs.mkdir(dir, { recursive: true });
  let repo: GitRepo;

  if (options.bare) {
    const bare = path.join(dir, `${name}.git`);
    await runGit(dir, [
      'init',
      '-q',
      '--bare',
      `--initial-branch=${branch}`,
      bare,
    ]);
    repo = { name, path: bare, gitDir: bare, bare: true, branch };
    if (hasFiles) await commitFiles(repo, files, message);
  } else {
    const workTree = path.join(dir, name);
    await fs.mkdir(workTree, { recursive: true });
    await runGit(workTree, ['init', '-q', `--initial-branch=${branch}`]);
    repo = {
      name,
      path: workTree,
      gitDir: path.join(workTree, '.git'),
      bare: false,
      branch,
    };
    if (hasFiles) {
      await writeFiles(workTree, files);
      await commitAll(workTree, message);
    }
  }

  for (const [key, value] of Object.entries(options.config ?? {})) {
    await runGit(repo.path, ['config', key, value]);
  }
  if (options.description !== undefined) {
    await fs.writeFile(
      path.join(repo.gitDir, 'description'),
      `${options.description}\n`,
    );
  }
  if (options.head) {
    await runGit(repo.path, [
      'symbolic-ref',
      'HEAD',
      `refs/heads/${options.head}`,
    ]);
  }
  return repo;
}

/**
 * Adds a commit to a repository made by {@link createGitRepo}: for a bare one, through a
 * temporary clone that pushes back, as a developer or a template would.
 */
export async function commitFiles(
  repo: GitRepo,
  files: GitFiles,
  message = 'Update',
): Promise<void> {
  if (!repo.bare) {
    await runGit(repo.path, ['checkout', '-q', repo.branch]).catch(
      () => undefined,
    );
    await writeFiles(repo.path, files);
    await commitAll(repo.path, message);
    return;
  }
  const work = await fs.mkdtemp(
    path.join(os.tmpdir(), `git-work-${repo.name}-`),
  );
  try {
    const branches = await runGit(repo.path, [
      'for-each-ref',
      '--format=%(refname:short)',
      'refs/heads/',
    ]);
    if (branches.split('\n').includes(repo.branch)) {
      await runGit(work, [
        'clone',
        '-q',
        '--branch',
        repo.branch,
        repo.path,
        '.',
      ]);
    } else {
      await runGit(work, ['init', '-q', `--initial-branch=${repo.branch}`]);
    }
    await writeFiles(work, files);
    await commitAll(work, message);
    await runGit(work, [
      'push',
      '-q',
      repo.path,
      `HEAD:refs/heads/${repo.branch}`,
    ]);
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}
