import { minimatch } from 'minimatch';

/** Where GitHub looks for CODEOWNERS, in the order it looks: the first one found is used. */
export const CODEOWNERS_LOCATIONS = [
  '.github/CODEOWNERS',
  'CODEOWNERS',
  'docs/CODEOWNERS',
] as const;

/** The CODEOWNERS file GitHub would use, given the repository's file paths. */
export function findCodeOwnersFile(
  has: (path: string) => boolean,
): string | undefined {
  return CODEOWNERS_LOCATIONS.find(location => has(location));
}

/** One line of a CODEOWNERS file. */
export interface CodeOwnersRule {
  /** The pattern as written, e.g. `/k8s/` or `*.tf`. */
  pattern: string;
  /** Owner refs (`group:default/team`, `user:default/login`); empty for a line without owners. */
  owners: string[];
  /** 1-based line number, for messages. */
  line: number;
}

interface CompiledRule extends CodeOwnersRule {
  matches(path: string): boolean;
}

const MINIMATCH_OPTIONS = {
  dot: true,
  nobrace: true,
  noext: true,
  nonegate: true,
  nocomment: true,
} as const;

/** A stand-in file name for "the directory itself": matched by `*`, `dir/`, `dir/*`. */
const DIRECTORY_PROBE = '.codeowners-directory';

/**
 * The catalog ref of a CODEOWNERS owner: `@org/team` is the group `team`, `@login` the user
 * `login`; e-mail addresses (and anything else) have no catalog ref.
 */
export function ownerRef(owner: string): string | undefined {
  const team = /^@[A-Za-z0-9][A-Za-z0-9-]*\/([A-Za-z0-9][A-Za-z0-9._-]*)$/.exec(
    owner,
  );
  if (team) return `group:default/${team[1].toLocaleLowerCase('en-US')}`;
  const user = /^@([A-Za-z0-9][A-Za-z0-9-]*)$/.exec(owner);
  if (user) return `user:default/${user[1].toLocaleLowerCase('en-US')}`;
  return undefined;
}

/**
 * Compiles a CODEOWNERS pattern with GitHub's (gitignore-like) semantics:
 * - a pattern without a `/` (other than a trailing one) matches at any depth: `*.js`, `apps/`;
 * - a leading `/`, or a `/` inside, anchors it at the root: `/build/logs/`, `docs/*`;
 * - a trailing `/` matches directories only, and a directory matches everything beneath it;
 * - `docs/*` matches the files directly in `docs/`, not those of its subdirectories.
 */
function compile(pattern: string): (path: string) => boolean {
  let glob = pattern.startsWith('\\#') ? pattern.slice(1) : pattern;
  const directoryOnly = glob.endsWith('/');
  glob = glob.replace(/\/+$/, '');
  const anchored = glob.startsWith('/') || glob.includes('/');
  glob = glob.replace(/^\/+/, '');
  if (!glob) return () => false;
  if (!anchored && !glob.startsWith('**/')) glob = `**/${glob}`;
  // `dir/*` is one level only; `*` alone (now `**/*`) matches everything anyway.
  const descends = !(glob.endsWith('/*') && glob !== '**/*');
  return (path: string) => {
    if (!directoryOnly && minimatch(path, glob, MINIMATCH_OPTIONS)) return true;
    if (!descends) return false;
    const segments = path.split('/');
    for (let i = segments.length - 1; i > 0; i--) {
      if (minimatch(segments.slice(0, i).join('/'), glob, MINIMATCH_OPTIONS)) {
        return true;
      }
    }
    return false;
  };
}

/** A parsed CODEOWNERS file: the last matching rule wins, as on GitHub. */
export class CodeOwners {
  private constructor(private readonly compiled: CompiledRule[]) {}

  /** Parses a CODEOWNERS file; lines that cannot be understood are skipped. */
  static parse(text: string): CodeOwners {
    const compiled: CompiledRule[] = [];
    text.split(/\r?\n/).forEach((raw, index) => {
      const line = raw.replace(/(^|\s)#.*$/, '').trim();
      if (!line) return;
      const [pattern, ...owners] = line.split(/\s+/);
      const refs = [
        ...new Set(owners.map(ownerRef).filter((r): r is string => !!r)),
      ];
      compiled.push({
        pattern,
        owners: refs,
        line: index + 1,
        matches: compile(pattern),
      });
    });
    return new CodeOwners(compiled);
  }

  /** The rules in file order. */
  get rules(): CodeOwnersRule[] {
    return this.compiled.map(({ pattern, owners, line }) => ({
      pattern,
      owners,
      line,
    }));
  }

  /** The rule that decides the owners of a file path, if any. */
  ruleFor(path: string): CodeOwnersRule | undefined {
    const normalized = path.replace(/^\/+/, '');
    for (let i = this.compiled.length - 1; i >= 0; i--) {
      if (this.compiled[i].matches(normalized)) return this.compiled[i];
    }
    return undefined;
  }

  /** Owner refs of a file: those of the last rule that matches it. */
  ownersOf(path: string): string[] {
    return [...(this.ruleFor(path)?.owners ?? [])];
  }

  /**
   * Owner refs of a directory ('' for the root): the last rule that matches `<dir>/` itself,
   * i.e. `*`, `/dir/`, `dir/*` or a parent directory; not rules for single files in it such as
   * `*.md` or `/Dockerfile`.
   */
  ownersOfDirectory(dir: string): string[] {
    const base = dir.replace(/^\/+|\/+$/g, '');
    return this.ownersOf(base ? `${base}/${DIRECTORY_PROBE}` : DIRECTORY_PROBE);
  }
}
