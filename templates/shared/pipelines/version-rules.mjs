#!/usr/bin/env node
// Platform version rules: the one place that decides, for a commit, whether the pipeline releases
// (git tag vX.Y.Z + immutable artifact X.Y.Z), publishes a snapshot (mutable X.Y.Z-SNAPSHOT),
// does nothing but build and test (skip), or fails (error).
//
// Dependency-free ES module for Node >= 20. Library: readVersion() and decide() are pure (no I/O).
// CLI: see usage() below or README.md. Exit code 0 for release/snapshot/skip, 1 for error.

import { appendFileSync, readFileSync, realpathSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

export const STABLE = /^\d+\.\d+\.\d+$/;
export const SNAPSHOT = /^\d+\.\d+\.\d+-SNAPSHOT$/;
export const FLOWS = ['gitflow', 'trunk'];
export const VERSION_FILES = ['package.json', 'pom.xml', 'pyproject.toml'];

/**
 * The version a project declares.
 * @param {{ file: string, content: string }} input file name (package.json, pom.xml or
 *   pyproject.toml, any directory) and its text
 * @returns {string} the version
 * @throws {Error} with a message saying what is missing or malformed
 */
export function readVersion({ file, content }) {
  const name = basename(String(file ?? ''));
  const text = String(content ?? '').replace(/^\uFEFF/, '');
  if (name === 'package.json') return readPackageJson(text);
  if (name === 'pom.xml') return readPom(text);
  if (name === 'pyproject.toml') return readPyproject(text);
  throw new Error(
    `unsupported version file "${file}": expected package.json, pom.xml or pyproject.toml`,
  );
}

function readPackageJson(text) {
  let pkg;
  try {
    pkg = JSON.parse(text);
  } catch (e) {
    throw new Error(`package.json is not valid JSON: ${e.message}`);
  }
  if (!pkg || typeof pkg !== 'object' || Array.isArray(pkg)) {
    throw new Error('package.json is not a JSON object');
  }
  if (pkg.version === undefined) {
    throw new Error(
      'package.json has no "version" field: add one, e.g. "version": "0.1.0"',
    );
  }
  if (typeof pkg.version !== 'string' || pkg.version.trim() === '') {
    throw new Error('package.json "version" must be a non-empty string');
  }
  return pkg.version.trim();
}

// The <project>'s own <version>: the first <version> element that is a direct child of <project>.
// Walking the element tree by depth skips <parent>, <dependencies>, <dependencyManagement>,
// <build>, <profiles>, <reporting>, ... whatever order they come in. ${property} references are
// resolved from the project's top-level <properties> (Maven's CI-friendly ${revision}).
function readPom(text) {
  const xml = text
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, data) => escapeXml(data))
    .replace(/<\?[\s\S]*?\?>/g, '')
    .replace(/<!DOCTYPE[^>]*>/gi, '');
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)(?:\s[^>]*?)?(\/?)>/g;
  const stack = [];
  let version;
  let versionStart = -1;
  const properties = new Map();
  let propStart = -1;
  let sawProject = false;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    const [whole, closing, rawName, selfClosing] = m;
    const el = rawName.replace(/^.*:/, ''); // ignore namespace prefixes
    if (closing) {
      if (stack.length === 0 || stack[stack.length - 1] !== el) {
        throw new Error(`pom.xml is not well-formed: unexpected </${rawName}>`);
      }
      const path = stack.join('/');
      if (path === 'project/version' && version === undefined) {
        version = decodeXml(xml.slice(versionStart, m.index)).trim();
      } else if (
        stack.length === 3 &&
        stack[1] === 'properties' &&
        stack[0] === 'project'
      ) {
        properties.set(el, decodeXml(xml.slice(propStart, m.index)).trim());
      }
      stack.pop();
      continue;
    }
    if (selfClosing) continue;
    if (stack.length === 0) {
      if (el !== 'project') {
        throw new Error(
          `pom.xml: the root element is <${rawName}>, not <project>`,
        );
      }
      sawProject = true;
    }
    stack.push(el);
    const path = stack.join('/');
    if (path === 'project/version') versionStart = m.index + whole.length;
    if (
      stack.length === 3 &&
      stack[1] === 'properties' &&
      stack[0] === 'project'
    ) {
      propStart = m.index + whole.length;
    }
  }
  if (!sawProject) throw new Error('pom.xml has no <project> element');
  if (stack.length)
    throw new Error(
      `pom.xml is not well-formed: <${stack.pop()}> is never closed`,
    );
  if (version === undefined || version === '') {
    throw new Error(
      'pom.xml has no <version> of its own under <project> (a version inherited from <parent> ' +
        'is not enough for the pipeline): add <version>X.Y.Z</version> after <artifactId>',
    );
  }
  return resolveProperties(version, properties);
}

function resolveProperties(value, properties, seen = new Set()) {
  return value.replace(/\$\{([^}]+)\}/g, (_, key) => {
    if (!properties.has(key) || seen.has(key)) {
      throw new Error(
        `pom.xml <version>${value}</version> uses \${${key}}, which the project's <properties> ` +
          'do not define',
      );
    }
    return resolveProperties(
      properties.get(key),
      properties,
      new Set([...seen, key]),
    );
  });
}

// pyproject.toml: PEP 621 `[project] version`, or Poetry's `[tool.poetry] version`. A project
// whose version is `dynamic` (setuptools-scm, hatch-vcs, ...) has none the pipeline can read,
// unless Poetry 2 keeps it in [tool.poetry] (its documented `dynamic = ["version"]` form).
function readPyproject(text) {
  const doc = parseToml(text);
  const str = (table, field) => {
    const v = doc.get(`${table}.${field}`);
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.trim() === '') {
      throw new Error(
        `pyproject.toml [${table}] ${field} must be a non-empty string, e.g. ${field} = "0.1.0"`,
      );
    }
    return v.trim();
  };
  const project = str('project', 'version');
  const poetry = str('tool.poetry', 'version');
  const dynamic = doc.get('project.dynamic');
  const isDynamic = Array.isArray(dynamic) && dynamic.includes('version');
  if (isDynamic && project !== undefined) {
    throw new Error(
      'pyproject.toml [project] has both version and dynamic = ["version"]: keep one ' +
        '(the pipeline reads version)',
    );
  }
  if (isDynamic && poetry === undefined) {
    throw new Error(
      'pyproject.toml declares the version dynamic ([project] dynamic = ["version"], computed ' +
        'by the build backend, e.g. from git tags): the pipeline needs a static version: remove ' +
        '"version" from dynamic and set version = "X.Y.Z" under [project]',
    );
  }
  if (project !== undefined && poetry !== undefined && project !== poetry) {
    throw new Error(
      `pyproject.toml has two versions, [project] ${project} and [tool.poetry] ${poetry}: ` +
        'keep one (Poetry 2 reads [project])',
    );
  }
  const version = project ?? poetry;
  if (version === undefined) {
    throw new Error(
      'pyproject.toml has no version: add version = "0.1.0" under [project] ' +
        '(or under [tool.poetry] for Poetry 1)',
    );
  }
  return version;
}

/**
 * The TOML the version rules need, without a dependency: table headers ([a.b], [[a.b]], quoted
 * keys), key = value with bare, quoted and dotted keys, the four string forms, arrays and inline
 * tables (nested, over several lines, with comments), comments. Numbers, booleans and dates are
 * kept as `{ raw }` text. Returns a flat Map from the full dotted key path to the value; keys
 * inside an array of tables get a `#<index>` segment, so they never shadow a real table.
 * @param {string} text
 * @returns {Map<string, unknown>}
 */
export function parseToml(text) {
  const src = String(text ?? '')
    .replace(/^\uFEFF/, '')
    .replace(/\r\n/g, '\n');
  const out = new Map();
  const arrayTables = new Map();
  let i = 0;
  let table = [];
  const fail = msg => {
    const line = src.slice(0, i).split('\n').length;
    throw new Error(`pyproject.toml is not valid TOML (line ${line}): ${msg}`);
  };
  const skipSpace = () => {
    while (src[i] === ' ' || src[i] === '\t') i++;
  };
  const skipComment = () => {
    if (src[i] === '#') while (i < src.length && src[i] !== '\n') i++;
  };
  // Spaces, newlines and comments: between statements and inside arrays.
  const skipBlank = () => {
    for (;;) {
      skipSpace();
      skipComment();
      if (src[i] !== '\n') return;
      i++;
    }
  };
  // After a statement only a comment may follow on its line.
  const endOfLine = () => {
    skipSpace();
    skipComment();
    if (i < src.length && src[i] !== '\n') fail(`unexpected "${src[i]}"`);
  };
  const ESCAPES = {
    b: '\b',
    t: '\t',
    n: '\n',
    f: '\f',
    r: '\r',
    '"': '"',
    '\\': '\\',
  };
  const escape = () => {
    const c = src[i++];
    if (c !== undefined && Object.hasOwn(ESCAPES, c)) return ESCAPES[c];
    if (c === 'u' || c === 'U') {
      const hex = src.slice(i, i + (c === 'u' ? 4 : 8));
      if (!/^[0-9A-Fa-f]{4}([0-9A-Fa-f]{4})?$/.test(hex)) {
        fail(`bad \\${c} escape`);
      }
      i += hex.length;
      return String.fromCodePoint(parseInt(hex, 16));
    }
    return fail(`bad escape \\${c ?? ''}`);
  };
  const string = () => {
    const q = src[i];
    if (src.startsWith(q.repeat(3), i)) {
      const delim = q.repeat(3);
      i += 3;
      if (src[i] === '\n') i++; // a newline right after the opening delimiter is trimmed
      let s = '';
      for (;;) {
        if (i >= src.length) fail('unterminated multi-line string');
        if (src.startsWith(delim, i)) {
          let extra = 0; // up to two quotes may sit right before the closing delimiter
          while (extra < 2 && src[i + 3 + extra] === q) extra++;
          i += 3 + extra;
          return s + q.repeat(extra);
        }
        if (q === '"' && src[i] === '\\') {
          i++;
          if (/^[ \t]*\n/.test(src.slice(i, i + 256))) {
            while (src[i] === ' ' || src[i] === '\t' || src[i] === '\n') i++;
          } else {
            s += escape();
          }
          continue;
        }
        s += src[i++];
      }
    }
    i++;
    let s = '';
    for (;;) {
      const c = src[i];
      if (c === undefined || c === '\n') fail('unterminated string');
      i++;
      if (c === q) return s;
      s += q === '"' && c === '\\' ? escape() : c;
    }
  };
  const keyPath = () => {
    const parts = [];
    for (;;) {
      skipSpace();
      if (src[i] === '"' || src[i] === "'") {
        if (src.startsWith(src[i].repeat(3), i)) {
          fail('a key cannot be a multi-line string');
        }
        parts.push(string());
      } else {
        const m = /^[A-Za-z0-9_-]+/.exec(src.slice(i, i + 256));
        if (!m) fail(`expected a key, found "${src[i] ?? 'end of file'}"`);
        parts.push(m[0]);
        i += m[0].length;
      }
      skipSpace();
      if (src[i] !== '.') return parts;
      i++;
    }
  };
  const value = () => {
    skipSpace();
    const c = src[i];
    if (c === '"' || c === "'") return string();
    if (c === '[') {
      i++;
      const arr = [];
      for (;;) {
        skipBlank();
        if (src[i] === ']') {
          i++;
          return arr;
        }
        arr.push(value());
        skipBlank();
        if (src[i] === ',') i++;
        else if (src[i] !== ']') fail('expected "," or "]" in an array');
      }
    }
    if (c === '{') {
      i++;
      const obj = {};
      skipSpace();
      if (src[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        const k = keyPath().join('.');
        if (src[i] !== '=') fail('expected "=" in an inline table');
        i++;
        obj[k] = value();
        skipSpace();
        if (src[i] === '}') {
          i++;
          return obj;
        }
        if (src[i] !== ',') fail('expected "," or "}" in an inline table');
        i++;
      }
    }
    // a number, boolean or date: its raw text, up to a delimiter
    const m = /^[^\s,\]}#][^,\]}#\n]*/.exec(src.slice(i, i + 256));
    if (!m) fail('expected a value');
    i += m[0].length;
    return { raw: m[0].trim() };
  };
  const define = (path, v) => {
    const key = path.join('.');
    if (out.has(key)) fail(`${key} is defined twice`);
    out.set(key, v);
  };
  for (;;) {
    skipBlank();
    if (i >= src.length) return out;
    if (src[i] === '[') {
      const arrayTable = src[i + 1] === '[';
      i += arrayTable ? 2 : 1;
      const path = keyPath();
      const close = arrayTable ? ']]' : ']';
      if (!src.startsWith(close, i)) fail('unclosed table header');
      i += close.length;
      endOfLine();
      if (arrayTable) {
        const name = path.join('.');
        const n = arrayTables.get(name) ?? 0;
        arrayTables.set(name, n + 1);
        table = [...path, `#${n}`];
      } else {
        define(['#table', ...path], true); // [a] twice is an error, as in TOML
        table = path;
      }
      continue;
    }
    const path = keyPath();
    if (src[i] !== '=') fail(`expected "=" after ${path.join('.')}`);
    i++;
    define([...table, ...path], value());
    endOfLine();
  }
}

function escapeXml(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function decodeXml(s) {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * Compares X.Y.Z or X.Y.Z-SNAPSHOT versions (a snapshot sorts before its release).
 * @returns {number | undefined} <0, 0, >0, or undefined when either side is not one of those forms
 */
export function compareVersions(a, b) {
  const parse = v => {
    const m = /^(\d+)\.(\d+)\.(\d+)(-SNAPSHOT)?$/.exec(String(v ?? ''));
    return m && [BigInt(m[1]), BigInt(m[2]), BigInt(m[3]), m[4] ? 0n : 1n];
  };
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) return undefined;
  for (let i = 0; i < 4; i++) {
    if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
  }
  return 0;
}

/**
 * What kind of ref the pipeline runs for. Accepts a branch name (GITHUB_REF_NAME) or a full ref.
 * @returns {{ kind: 'branch' | 'pull' | 'tag', name: string }}
 */
export function classifyRef(branch) {
  const ref = String(branch ?? '').trim();
  if (ref.startsWith('refs/heads/'))
    return { kind: 'branch', name: ref.slice(11) };
  if (ref.startsWith('refs/tags/')) return { kind: 'tag', name: ref.slice(10) };
  if (ref.startsWith('refs/pull/') || /^\d+\/(merge|head)$/.test(ref)) {
    return { kind: 'pull', name: ref };
  }
  return { kind: 'branch', name: ref };
}

/**
 * The decision for one commit.
 * @param {{
 *   branch: string,              // GITHUB_REF_NAME, or a full ref (refs/heads/…, refs/pull/…, refs/tags/…)
 *   version: string,             // readVersion() of the commit
 *   previousVersion?: string | null, // readVersion() of the first parent; null/undefined on a first commit
 *   existingTags?: Iterable<string>, // git tags that exist (only v* matter)
 *   existingImageTags?: Iterable<string>, // optional: tags already in the image/artifact registry
 *   flow?: 'gitflow' | 'trunk',  // default gitflow
 *   tagPrefix?: string,          // mono-repos: '<component>/' makes the tag <component>/vX.Y.Z
 * }} input
 * @returns {{ action: 'release' | 'snapshot' | 'skip' | 'error', version: string, gitTag?: string,
 *   imageTags: string[], mutable: boolean, reason: string }}
 */
export function decide({
  branch,
  version,
  previousVersion = null,
  existingTags = [],
  existingImageTags = [],
  flow = 'gitflow',
  tagPrefix = '',
}) {
  const v = String(version ?? '').trim();
  const result = (action, reason, extra = {}) => ({
    action,
    version: v,
    ...extra,
    imageTags: extra.imageTags ?? [],
    mutable: extra.mutable ?? false,
    reason,
  });
  const error = reason => result('error', reason);

  if (!FLOWS.includes(flow))
    return error(`unknown flow "${flow}": use gitflow or trunk`);
  if (!TAG_PREFIX.test(tagPrefix)) {
    return error(
      `tag prefix "${tagPrefix}" is not a path ending in "/", e.g. "lumen-anomaly/"`,
    );
  }
  if (!v) return error('no version given');
  const ref = classifyRef(branch);
  if (!ref.name) return error('no branch given');
  if (ref.kind === 'pull') {
    return result(
      'skip',
      `pull request ${ref.name}: build and test only, nothing is published`,
    );
  }
  if (ref.kind === 'tag') {
    return result(
      'skip',
      `tag ${ref.name}: tags are made by the main pipeline, nothing to publish`,
    );
  }

  if (ref.name === 'main') {
    return decideMain({
      v,
      previousVersion,
      tagPrefix,
      existingTags,
      existingImageTags,
      result,
      error,
    });
  }

  if (flow === 'gitflow') {
    if (ref.name === 'develop') {
      if (!SNAPSHOT.test(v)) {
        return error(
          `develop needs a -SNAPSHOT version (X.Y.Z-SNAPSHOT), got "${v}": ` +
            `set it to e.g. "${suggestSnapshot(v)}"`,
        );
      }
      return result(
        'snapshot',
        `develop: snapshot ${v} replaces the previous one`,
        {
          imageTags: [v, 'develop'],
          mutable: true,
        },
      );
    }
    return result(
      'skip',
      `branch ${ref.name}: Git Flow publishes only from main (releases) and develop (snapshots); ` +
        'build and test only',
    );
  }

  // trunk: every branch but main publishes a snapshot of its version
  const base = v.replace(/-SNAPSHOT$/, '');
  if (!STABLE.test(base)) {
    return error(`version "${v}" is not semver X.Y.Z (or X.Y.Z-SNAPSHOT)`);
  }
  const snapshot = `${base}-SNAPSHOT`;
  return result(
    'snapshot',
    `branch ${ref.name}: snapshot ${snapshot} replaces the previous one`,
    {
      version: snapshot,
      imageTags: [snapshot],
      mutable: true,
    },
  );
}

function decideMain({
  v,
  previousVersion,
  tagPrefix,
  existingTags,
  existingImageTags,
  result,
  error,
}) {
  if (SNAPSHOT.test(v) || /-SNAPSHOT$/i.test(v)) {
    return error(
      `SNAPSHOT on main: "${v}" is a development version; main needs a stable X.Y.Z ` +
        `(e.g. "${v.replace(/-SNAPSHOT$/i, '')}")`,
    );
  }
  if (!STABLE.test(v)) {
    return error(
      `version "${v}" on main is not semver: main needs a stable X.Y.Z`,
    );
  }
  const prev =
    previousVersion == null ? null : String(previousVersion).trim() || null;
  if (prev === v) {
    return result('skip', `main: version ${v} unchanged, nothing to release`);
  }
  const order = prev === null ? undefined : compareVersions(v, prev);
  if (order !== undefined && order < 0) {
    return error(
      `version went backwards on main: ${v} is lower than the previous ${prev}; ` +
        'a release must be greater than the one before it',
    );
  }
  if (order === 0) {
    // 1.2.0 vs 01.2.0 and the like: same version, different spelling
    return error(
      `version ${v} is equal to the previous ${prev} spelled differently`,
    );
  }
  // In a mono-repo every component has its own tag namespace, so components release
  // independently (lumen-anomaly/v0.1.0 and lumen-reports/v0.1.0).
  const gitTag = `${tagPrefix}v${v}`;
  if (new Set(existingTags).has(gitTag)) {
    return error(
      `stable tag ${gitTag} already exists, refusing to overwrite it: bump the version`,
    );
  }
  if (new Set(existingImageTags).has(v)) {
    return error(
      `stable image tag ${v} already exists in the registry, refusing to overwrite it: ` +
        'bump the version',
    );
  }
  const why = prev === null ? 'first version' : `${prev} → ${v}`;
  return result('release', `main: ${why}, release ${gitTag} (immutable)`, {
    gitTag,
    imageTags: [v],
    mutable: false,
  });
}

function suggestSnapshot(v) {
  const m = /^(\d+\.\d+\.\d+)/.exec(v);
  return `${m ? m[1] : '0.1.0'}-SNAPSHOT`;
}

// ---------------------------------------------------------------------------------------------
// CLI

/** Empty, or path segments ending in "/": a git ref component, never "..", never leading "/". */
const TAG_PREFIX = /^(?:[A-Za-z0-9][A-Za-z0-9._-]*\/)*$/;

const USAGE = `usage: node version-rules.mjs --branch <branch> --file <package.json|pom.xml|pyproject.toml>
    [--previous-file <path> | --previous-version <v>]
    [--tags-file <file, one tag per line> | --tags "v1.0.0 v1.1.0"]
    [--registry-tags-file <file> | --registry-tags "1.0.0 1.1.0"]
    [--flow gitflow|trunk] [--tag-prefix <component>/] [--github-output]

Prints the decision as JSON. --github-output appends action, version, git_tag, image_tags
(comma-separated), mutable, reason and previous_version to $GITHUB_OUTPUT.
Exit code 0 for release, snapshot and skip; 1 for error (reason on stderr).`;

const VALUE_FLAGS = new Set([
  'branch',
  'file',
  'previous-file',
  'previous-version',
  'tags-file',
  'tags',
  'registry-tags-file',
  'registry-tags',
  'flow',
  'tag-prefix',
]);
const BOOLEAN_FLAGS = new Set(['github-output', 'help']);

export function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^--([a-z-]+)(?:=([\s\S]*))?$/.exec(arg);
    if (!m) throw new UsageError(`unexpected argument "${arg}"`);
    const [, name, inline] = m;
    if (BOOLEAN_FLAGS.has(name)) {
      if (inline !== undefined)
        throw new UsageError(`--${name} takes no value`);
      opts[name] = true;
    } else if (VALUE_FLAGS.has(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      opts[name] = value;
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return opts;
}

class UsageError extends Error {}

const splitTags = text =>
  String(text)
    .split(/[\s,]+/)
    .map(t => t.trim())
    .filter(Boolean);

/** Runs the CLI. I/O is injected so the tests can call it in-process too. */
export function main(
  argv,
  { env = process.env, stdout = process.stdout, stderr = process.stderr } = {},
) {
  const inActions = env.GITHUB_ACTIONS === 'true';
  const annotate = (level, message) => {
    const msg = String(message)
      .replace(/%/g, '%25')
      .replace(/\r/g, '%0D')
      .replace(/\n/g, '%0A');
    return inActions
      ? `::${level} title=Platform version rules::${msg}\n`
      : `${level}: ${message}\n`;
  };
  let opts;
  let decision;
  try {
    opts = parseArgs(argv);
    if (opts.help) {
      stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (!opts.branch) throw new UsageError('--branch is required');
    if (!opts.file) throw new UsageError('--file is required');
    if (opts['previous-file'] && opts['previous-version'] !== undefined) {
      throw new UsageError(
        'give --previous-file or --previous-version, not both',
      );
    }
    if (opts['tags-file'] && opts.tags !== undefined) {
      throw new UsageError('give --tags-file or --tags, not both');
    }
    if (opts['registry-tags-file'] && opts['registry-tags'] !== undefined) {
      throw new UsageError(
        'give --registry-tags-file or --registry-tags, not both',
      );
    }
    if (opts['github-output'] && !env.GITHUB_OUTPUT) {
      throw new UsageError(
        '--github-output needs the GITHUB_OUTPUT environment variable',
      );
    }
    const read = path => {
      try {
        return readFileSync(path, 'utf8');
      } catch (e) {
        throw new Error(`cannot read ${path}: ${e.code ?? e.message}`);
      }
    };
    const version = readVersion({ file: opts.file, content: read(opts.file) });
    let previousVersion = opts['previous-version']?.trim() || null;
    if (opts['previous-file']) {
      const prevFile = opts['previous-file'];
      const known = VERSION_FILES.includes(basename(prevFile));
      try {
        previousVersion = readVersion({
          file: known ? prevFile : opts.file,
          content: read(prevFile),
        });
      } catch (e) {
        // The previous commit's file had no readable version (it predates the version field):
        // treat it like a first commit. Existing tags still guard against overwriting.
        stderr.write(
          annotate(
            'warning',
            `previous version unreadable (${e.message}); treating as none`,
          ),
        );
        previousVersion = null;
      }
    }
    const existingTags = opts['tags-file']
      ? splitTags(read(opts['tags-file']))
      : splitTags(opts.tags ?? '');
    const existingImageTags = opts['registry-tags-file']
      ? splitTags(read(opts['registry-tags-file']))
      : splitTags(opts['registry-tags'] ?? '');
    decision = decide({
      branch: opts.branch,
      version,
      previousVersion,
      existingTags,
      existingImageTags,
      flow: opts.flow ?? 'gitflow',
      tagPrefix: opts['tag-prefix'] ?? '',
    });
    decision = { ...decision, previousVersion };
  } catch (e) {
    if (e instanceof UsageError) {
      stderr.write(annotate('error', e.message));
      stderr.write(`${USAGE}\n`);
      return 1;
    }
    decision = {
      action: 'error',
      version: '',
      imageTags: [],
      mutable: false,
      reason: e.message,
      previousVersion: null,
    };
  }

  stdout.write(`${JSON.stringify(decision, null, 2)}\n`);
  if (opts?.['github-output']) {
    const line = (k, val) =>
      `${k}=${String(val ?? '').replace(/[\r\n]+/g, ' ')}\n`;
    appendFileSync(
      env.GITHUB_OUTPUT,
      line('action', decision.action) +
        line('version', decision.version) +
        line('git_tag', decision.gitTag) +
        line('image_tags', decision.imageTags.join(',')) +
        line('mutable', decision.mutable) +
        line('reason', decision.reason) +
        line('previous_version', decision.previousVersion),
    );
  }
  if (decision.action === 'error') {
    stderr.write(annotate('error', decision.reason));
    return 1;
  }
  stderr.write(annotate('notice', `${decision.action}: ${decision.reason}`));
  return 0;
}

function isEntryPoint() {
  try {
    return (
      realpathSync(process.argv[1]) ===
      realpathSync(fileURLToPath(import.meta.url))
    );
  } catch {
    return false;
  }
}

if (process.argv[1] && isEntryPoint()) {
  process.exitCode = main(process.argv.slice(2));
}
