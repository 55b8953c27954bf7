import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RepoContents, RepoRef, RepoSource } from '../types';

/** Options of {@link LocalGitRepoSource}. */
export interface LocalGitRepoSourceOptions {
  /** Directory whose immediate children are git repositories (bare or not). */
  directory: string;
  /** The source's id; `local:<absolute directory>` by default. */
  id?: string;
}

/** Git config keys a local repository can carry in place of GitHub's settings. */
export const LOCAL_CONFIG_ARCHIVED = 'platform-portal.archived';
export const LOCAL_CONFIG_TOPICS = 'platform-portal.topics';

/** What `git init` writes to `description`; not a description anybody wrote. */
const DEFAULT_DESCRIPTION = /^Unnamed repository; edit this file 'description'/;
/** Git output can be big (the tree listing of a large repository). */
const MAX_BUFFER = 256 * 1024 * 1024;
/** Repositories inspected in parallel when listing. */
const CONCURRENCY = 8;
/** Variables that would point git at another repository than the one asked for. */
const GIT_LOCATION_VARIABLES = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_NAMESPACE',
  'GIT_CEILING_DIRECTORIES',
];

/** A git repository found in the directory. */
interface LocalRepository {
  name: string;
  /** The repository's directory (`lumen.git`, or the work tree `lumen`). */
  root: string;
  /** Its git directory (`lumen.git`, or `lumen/.git`). */
  gitDir: string;
  bare: boolean;
}

class GitError extends Error {
  constructor(message: string, readonly exitCode: number | undefined) {
    super(message);
    this.name = 'GitError';
  }
}

function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0' };
  for (const name of GIT_LOCATION_VARIABLES) delete env[name];
  return env;
}

/** Runs git on one repository (no shell) and returns its stdout. */
function git(repo: LocalRepository, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      // The portal may run as another user than the one owning the repositories.
      [
        '-c',
        `safe.directory=${repo.root}`,
        `--git-dir=${repo.gitDir}`,
        ...args,
      ],
      {
        cwd: repo.root,
        env: gitEnv(),
        maxBuffer: MAX_BUFFER,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (error) {
          const code = typeof error.code === 'number' ? error.code : undefined;
          reject(
            new GitError(
              `git ${args[0]} failed in ${repo.root}: ${
                stderr.trim() || error.message
              }`,
              code,
            ),
          );
        } else {
          resolve(stdout);
        }
      },
    );
  });
}

/** Runs git, and gives undefined where git exits with 1 (e.g. a config key that is not set). */
async function gitOptional(
  repo: LocalRepository,
  args: string[],
): Promise<string | undefined> {
  try {
    return await git(repo, args);
  } catch (error) {
    if (
      error instanceof GitError &&
      error.exitCode !== undefined &&
      error.exitCode <= 1
    ) {
      return undefined;
    }
    throw error;
  }
}

async function isDirectory(p: string): Promise<boolean> {
  return fs.stat(p).then(
    s => s.isDirectory(),
    () => false,
  );
}

async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(
    () => true,
    () => false,
  );
}

async function mapLimited<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}

/**
 * The git repositories of a local directory, e.g. the bare repositories the portal's templates
 * push to under its data directory. Each immediate child that is a git repository is one
 * repository: a bare one (`lumen.git`, or any directory with `HEAD` and `objects/`) or a work tree
 * (`lumen/` with `.git`).
 *
 * GitHub's settings have local stand-ins in the repository's git config:
 * `git config platform-portal.archived true` archives it, and
 * `git config platform-portal.topics "python,ml"` gives it topics. A bare repository's
 * `description` file is its description.
 *
 * The inspected branch is the one `HEAD` points at; when that branch has no commit but others
 * do (a bare repository created with `master` as HEAD and pushed `main`), `main`, `master` or
 * the first branch is used instead. A repository without commits has no files. A directory that
 * does not exist (yet) has no repositories.
 */
export class LocalGitRepoSource implements RepoSource {
  readonly id: string;
  private readonly directory: string;

  constructor(options: LocalGitRepoSourceOptions) {
    this.directory = path.resolve(options.directory);
    this.id = options.id ?? `local:${this.directory}`;
  }

  async listRepositories(): Promise<RepoRef[]> {
    let entries: string[];
    try {
      entries = (await fs.readdir(this.directory)).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const found = (
      await mapLimited(entries, CONCURRENCY, entry => this.locate(entry))
    ).filter((r): r is LocalRepository => r !== undefined);
    // `lumen` and `lumen.git` would be the same repository: the first one (sorted) is kept.
    const unique = new Map<string, LocalRepository>();
    for (const repo of found)
      if (!unique.has(repo.name)) unique.set(repo.name, repo);
    return mapLimited([...unique.values()], CONCURRENCY, repo =>
      this.ref(repo),
    );
  }

  async getRepository(name: string): Promise<RepoRef | undefined> {
    const repo = await this.find(name);
    return repo ? this.ref(repo) : undefined;
  }

  async readContents(ref: RepoRef): Promise<RepoContents> {
    const repo = await this.find(ref.name);
    if (!repo)
      throw new Error(`Repository ${ref.name} not found in ${this.directory}`);
    // Pin the commit, so every file comes from the same revision even if a push happens now.
    const commit = (
      await gitOptional(repo, [
        'rev-parse',
        '--verify',
        '--quiet',
        `refs/heads/${ref.defaultBranch}^{commit}`,
      ])
    )?.trim();
    if (!commit) {
      return { paths: [], readFile: async () => undefined };
    }
    const listing = await git(repo, [
      'ls-tree',
      '-r',
      '-z',
      '--name-only',
      commit,
    ]);
    const paths = listing.split('\0').filter(Boolean);
    const known = new Set(paths);
    return {
      paths,
      readFile: async (file: string) => {
        if (!known.has(file)) return undefined;
        try {
          return await git(repo, ['show', `${commit}:${file}`]);
        } catch {
          return undefined;
        }
      },
    };
  }

  /** The repository called `name` (with or without `.git`), if the directory has it. */
  private async find(name: string): Promise<LocalRepository | undefined> {
    const bare = name.replace(/\.git$/, '');
    if (!bare || bare.startsWith('.') || /[/\\]/.test(bare)) return undefined;
    return (await this.locate(bare)) ?? (await this.locate(`${bare}.git`));
  }

  /** A child of the directory as a repository; undefined when it is not one. */
  private async locate(entry: string): Promise<LocalRepository | undefined> {
    const root = path.join(this.directory, entry);
    if (!(await isDirectory(root))) return undefined;
    const name = entry.replace(/\.git$/, '');
    if (!name || name.startsWith('.')) return undefined;
    if (await exists(path.join(root, '.git'))) {
      return { name, root, gitDir: path.join(root, '.git'), bare: false };
    }
    if (
      (await exists(path.join(root, 'HEAD'))) &&
      (await isDirectory(path.join(root, 'objects')))
    ) {
      return { name, root, gitDir: root, bare: true };
    }
    return undefined;
  }

  private async ref(repo: LocalRepository): Promise<RepoRef> {
    const [head, branches, config, description] = await Promise.all([
      gitOptional(repo, ['symbolic-ref', '--quiet', '--short', 'HEAD']),
      git(repo, ['for-each-ref', '--format=%(refname:short)', 'refs/heads/']),
      gitOptional(repo, ['config', '--get-regexp', '^platform-portal\\.']),
      fs
        .readFile(path.join(repo.gitDir, 'description'), 'utf8')
        .catch(() => undefined),
    ]);
    const branchList = branches
      .split('\n')
      .map(b => b.trim())
      .filter(Boolean);
    const headBranch = head?.trim();
    let defaultBranch = headBranch ?? 'HEAD';
    if (headBranch === undefined || !branchList.includes(headBranch)) {
      defaultBranch =
        ['main', 'master'].find(b => branchList.includes(b)) ??
        branchList[0] ??
        defaultBranch;
    }

    const values = new Map<string, string[]>();
    for (const line of (config ?? '').split('\n')) {
      const match = /^(\S+)\s?(.*)$/.exec(line.trim());
      if (!match) continue;
      const key = match[1].toLocaleLowerCase('en-US');
      values.set(key, [...(values.get(key) ?? []), match[2]]);
    }
    const archivedValue = values.get(LOCAL_CONFIG_ARCHIVED)?.pop();
    const archived = /^(true|yes|on|1)$/i.test(archivedValue?.trim() ?? '');
    const topics = [
      ...new Set(
        (values.get(LOCAL_CONFIG_TOPICS) ?? [])
          .flatMap(v => v.split(','))
          .map(t => t.trim().toLocaleLowerCase('en-US'))
          .filter(Boolean),
      ),
    ];
    const text = description?.trim();

    return {
      id: `local:${repo.name}`,
      name: repo.name,
      webUrl: pathToFileURL(repo.root).href,
      defaultBranch,
      archived,
      topics,
      ...(text && !DEFAULT_DESCRIPTION.test(text) ? { description: text } : {}),
    };
  }
}
