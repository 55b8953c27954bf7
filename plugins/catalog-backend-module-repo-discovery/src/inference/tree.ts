/** Directories never looked into. */
const IGNORED_DIRS = new Set(['node_modules', 'vendor', '.git', 'third_party']);

interface DirEntry {
  files: string[];
  dirs: string[];
}

/** Joins repository paths: `join('', 'a')` is `a`, `join('a/', '/b')` is `a/b`. */
export function joinPath(...parts: string[]): string {
  return parts
    .map(p => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');
}

/** The directory of a path ('' for a file at the root). */
export function dirOf(path: string): string {
  const index = path.lastIndexOf('/');
  return index < 0 ? '' : path.slice(0, index);
}

/** The file name of a path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Normalises a relative path against a directory (`apps/prod` + `../base/x` → `apps/base/x`);
 * undefined when it leaves the repository or is a URL.
 */
export function resolvePath(
  fromDir: string,
  relative: string,
): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(relative) || relative.includes('?ref=')) {
    return undefined;
  }
  const segments = relative.startsWith('/')
    ? []
    : fromDir.split('/').filter(Boolean);
  for (const segment of relative.split('/')) {
    if (!segment || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) return undefined;
      segments.pop();
    } else {
      segments.push(segment);
    }
  }
  return segments.join('/');
}

/**
 * The tree listing of a repository, indexed by directory so rules can ask "what is directly in
 * `services/api`" or "which YAML files are under `k8s/`" without scanning every path each time.
 */
export class RepoTree {
  private readonly entries = new Map<string, DirEntry>();
  private readonly fileSet: Set<string>;

  constructor(paths: readonly string[]) {
    this.fileSet = new Set(paths.map(p => p.replace(/^\/+/, '')));
    this.ensureDir('');
    for (const path of this.fileSet) {
      const dir = dirOf(path);
      this.ensureDir(dir);
      this.entries.get(dir)!.files.push(path);
    }
    for (const entry of this.entries.values()) {
      entry.files.sort();
      entry.dirs.sort();
    }
  }

  private ensureDir(dir: string) {
    if (this.entries.has(dir)) return;
    this.entries.set(dir, { files: [], dirs: [] });
    if (dir !== '') {
      const parent = dirOf(dir);
      this.ensureDir(parent);
      this.entries.get(parent)!.dirs.push(dir);
    }
  }

  /** True when the file exists. */
  hasFile(path: string): boolean {
    return this.fileSet.has(path);
  }

  /** True when the directory exists (has at least one file beneath it); '' is the root. */
  hasDir(dir: string): boolean {
    return this.entries.has(dir);
  }

  /** Files directly in a directory, as full paths. */
  filesIn(dir: string): string[] {
    return this.entries.get(dir)?.files ?? [];
  }

  /** Sub-directories directly in a directory, as full paths. */
  dirsIn(dir: string): string[] {
    return this.entries.get(dir)?.dirs ?? [];
  }

  /**
   * Every file beneath a directory, in path order, leaving out the subtrees in `exclude` and
   * directories nobody wants to look into (`node_modules`, `vendor`, `.git`).
   */
  filesUnder(dir: string, exclude: readonly string[] = []): string[] {
    const result: string[] = [];
    const skip = new Set(exclude);
    const walk = (d: string) => {
      result.push(...this.filesIn(d));
      for (const sub of this.dirsIn(d)) {
        if (skip.has(sub) || IGNORED_DIRS.has(baseName(sub))) continue;
        walk(sub);
      }
    };
    if (this.hasDir(dir)) walk(dir);
    return result;
  }
}
