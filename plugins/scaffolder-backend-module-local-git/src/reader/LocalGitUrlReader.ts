import { execFile, spawn } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  UrlReaderService,
  UrlReaderServiceReadTreeOptions,
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadUrlOptions,
  UrlReaderServiceReadUrlResponse,
  UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import {
  ReadTreeResponseFactory,
  ReaderFactory,
} from '@backstage/backend-defaults/urlReader';
import { NotFoundError, NotModifiedError } from '@backstage/errors';
import { resolveLocalGitDirectory } from '../actions/publishLocal';

const execFileAsync = promisify(execFile);

/**
 * `git archive` as a stream that ends only once git has exited, and fails with git's own message
 * when git does: otherwise a failed or cut-short archive reaches the tar parser as a truncated
 * file and is reported as TAR_BAD_ARCHIVE, which says nothing about the cause.
 */
function gitArchive(
  gitDir: string,
  commit: string,
  filePath: string,
): Readable {
  const archive = spawn(
    'git',
    [
      '--git-dir',
      gitDir,
      'archive',
      '--format=tar',
      commit,
      ...(filePath ? ['--', filePath] : []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const out = new PassThrough();
  let stderr = '';
  archive.stderr.setEncoding('utf8');
  archive.stderr.on('data', chunk => {
    if (stderr.length < 4096) stderr += chunk;
  });
  archive.stdout.pipe(out, { end: false });
  archive.once('error', error => out.destroy(error));
  archive.once('close', (code, signal) => {
    if (code === 0) {
      out.end();
    } else {
      out.destroy(
        new Error(
          `git archive ${commit} in ${gitDir} failed (${
            signal ?? `exit ${code}`
          }): ${stderr.trim() || 'no message'}`,
        ),
      );
    }
  });
  // A reader that stops early (a filter error, a destroyed pipeline) must not leave git blocked
  // on a full pipe.
  out.once('close', () => {
    if (archive.exitCode === null) archive.kill();
  });
  return out;
}

type Location = {
  /** The repository: a bare `<name>.git` or a work tree's `.git`. */
  gitDir: string;
  ref: string;
  /** Path inside the repository, without leading or trailing slash; '' for the root. */
  filePath: string;
};

/**
 * Reads `file://` URLs that point into the local git repositories the portal publishes to and
 * discovers (`<directory>/<name>.git/<path>`, optionally `…/blob|tree/<branch>/<path>`), from
 * the repository's committed content, not from a work tree. Lets the catalog and TechDocs read
 * a locally scaffolded repository as they read one on GitHub. URLs outside the directory are not
 * this reader's, so nothing else on the disk can be read through it.
 *
 * @public
 */
export class LocalGitUrlReader implements UrlReaderService {
  static factory: ReaderFactory = ({ config, treeResponseFactory }) => {
    const reader = new LocalGitUrlReader(
      resolveLocalGitDirectory(config),
      treeResponseFactory,
    );
    return [{ reader, predicate: url => reader.owns(url) }];
  };

  private readonly directory: string;

  constructor(
    directory: string,
    private readonly treeResponseFactory: ReadTreeResponseFactory,
  ) {
    this.directory = path.resolve(directory);
  }

  /** Whether the URL points into a repository of the directory. */
  owns(url: URL): boolean {
    return this.locate(url.toString()) !== undefined;
  }

  private locate(url: string): Location | undefined {
    if (!url.startsWith('file:')) return undefined;
    let absolute: string;
    try {
      absolute = path.resolve(fileURLToPath(url));
    } catch {
      return undefined;
    }
    const relative = path.relative(this.directory, absolute);
    if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) {
      return undefined;
    }
    const [repo, ...rest] = relative.split(path.sep);
    const candidates = [
      path.join(this.directory, repo),
      path.join(this.directory, repo, '.git'),
    ];
    const gitDir = candidates.find(
      c =>
        fs.existsSync(path.join(c, 'HEAD')) &&
        fs.existsSync(path.join(c, 'objects')),
    );
    if (!gitDir) return undefined;
    let ref = 'HEAD';
    let parts = rest;
    if ((parts[0] === 'blob' || parts[0] === 'tree') && parts.length > 1) {
      ref = decodeURIComponent(parts[1]);
      parts = parts.slice(2);
    }
    if (ref.startsWith('-') || ref.includes('..')) return undefined;
    return { gitDir, ref, filePath: parts.filter(Boolean).join('/') };
  }

  private require(url: string): Location {
    const location = this.locate(url);
    if (!location) {
      throw new NotFoundError(`${url} is not in a local git repository`);
    }
    return location;
  }

  private async git(gitDir: string, args: string[], encoding?: 'buffer') {
    const { stdout } = await execFileAsync(
      'git',
      ['--git-dir', gitDir, ...args],
      {
        encoding: encoding ?? 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      },
    );
    return stdout;
  }

  /** The object id of `<ref>:<path>`, which is also its etag. */
  private async objectId(loc: Location): Promise<string> {
    try {
      return (
        await this.git(loc.gitDir, [
          'rev-parse',
          '--verify',
          '--quiet',
          `${loc.ref}:${loc.filePath}`,
        ])
      )
        .toString()
        .trim();
    } catch {
      throw new NotFoundError(
        `${loc.filePath || '/'} does not exist at ${loc.ref} in ${loc.gitDir}`,
      );
    }
  }

  async read(url: string): Promise<Buffer> {
    const response = await this.readUrl(url);
    return response.buffer();
  }

  async readUrl(
    url: string,
    options?: UrlReaderServiceReadUrlOptions,
  ): Promise<UrlReaderServiceReadUrlResponse> {
    const loc = this.require(url);
    const etag = await this.objectId(loc);
    if (options?.etag === etag) throw new NotModifiedError();
    const data = (await this.git(
      loc.gitDir,
      ['cat-file', 'blob', etag],
      'buffer',
    )) as unknown as Buffer;
    return {
      buffer: async () => data,
      etag,
    };
  }

  async readTree(
    url: string,
    options?: UrlReaderServiceReadTreeOptions,
  ): Promise<UrlReaderServiceReadTreeResponse> {
    const loc = this.require(url);
    // The commit, so the etag changes with any change of the repository.
    const commit = (
      await this.git(loc.gitDir, [
        'rev-parse',
        '--verify',
        `${loc.ref}^{commit}`,
      ])
    )
      .toString()
      .trim();
    if (options?.etag === commit) throw new NotModifiedError();
    if (loc.filePath) await this.objectId(loc);
    return this.treeResponseFactory.fromTarArchive({
      stream: gitArchive(loc.gitDir, commit, loc.filePath),
      subpath: loc.filePath || undefined,
      etag: commit,
      filter: options?.filter,
      stripFirstDirectory: false,
    });
  }

  async search(): Promise<UrlReaderServiceSearchResponse> {
    throw new Error('LocalGitUrlReader does not implement search');
  }

  toString() {
    return `local-git{directory=${this.directory}}`;
  }
}
