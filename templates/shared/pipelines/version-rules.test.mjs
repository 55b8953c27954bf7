// Tests for the platform version rules. Run: node --test templates/shared/pipelines/
// Node's built-in runner only: this directory is vendored as its own repository, with no packages.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import {
  compareVersions,
  decide,
  main,
  parseToml,
  readVersion,
} from './version-rules.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const SCRIPT = join(HERE, 'version-rules.mjs');
const SHELL = join(HERE, 'scripts', 'version-rules.sh');
const ACTION = join(HERE, 'version-rules', 'action.yml');

const tmpDirs = [];
function tmp() {
  const dir = mkdtempSync(join(tmpdir(), 'version-rules-'));
  tmpDirs.push(dir);
  return dir;
}
after(() => tmpDirs.forEach(d => rmSync(d, { recursive: true, force: true })));

// An environment without the runner's own GITHUB_* variables, so the tests behave the same in CI.
function cleanEnv(extra = {}) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('GITHUB_') && !k.startsWith('INPUT_'),
    ),
  );
  return { ...env, ...extra };
}

function parseOutputs(text) {
  return Object.fromEntries(
    text
      .split('\n')
      .filter(Boolean)
      .map(l => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

describe('Git Flow main', () => {
  test('stable bump: release, tag vX.Y.Z, immutable image X.Y.Z', () => {
    const d = decide({
      branch: 'main',
      version: '1.3.0',
      previousVersion: '1.2.0',
      existingTags: ['v1.1.0', 'v1.2.0'],
      flow: 'gitflow',
    });
    assert.equal(d.action, 'release');
    assert.equal(d.version, '1.3.0');
    assert.equal(d.gitTag, 'v1.3.0');
    assert.deepEqual(d.imageTags, ['1.3.0']);
    assert.equal(d.mutable, false);
    assert.match(d.reason, /1\.2\.0 → 1\.3\.0/);
  });

  test('unchanged version: skip, no tag, no image', () => {
    const d = decide({
      branch: 'main',
      version: '1.2.0',
      previousVersion: '1.2.0',
      existingTags: ['v1.2.0'],
    });
    assert.equal(d.action, 'skip');
    assert.equal(d.gitTag, undefined);
    assert.deepEqual(d.imageTags, []);
    assert.equal(d.mutable, false);
    assert.match(d.reason, /unchanged/);
  });

  test('stable tag already exists: error, refuses to overwrite', () => {
    const d = decide({
      branch: 'main',
      version: '1.2.0',
      previousVersion: '1.1.0',
      existingTags: ['v1.2.0'],
    });
    assert.equal(d.action, 'error');
    assert.match(
      d.reason,
      /stable tag v1\.2\.0 already exists, refusing to overwrite/,
    );
    assert.deepEqual(d.imageTags, []);
    assert.equal(d.gitTag, undefined);
  });

  test('stable image tag already in the registry: error', () => {
    const d = decide({
      branch: 'main',
      version: '1.2.0',
      previousVersion: '1.1.0',
      existingTags: [],
      existingImageTags: ['1.1.0', '1.2.0'],
    });
    assert.equal(d.action, 'error');
    assert.match(d.reason, /image tag 1\.2\.0 already exists/);
  });

  test('SNAPSHOT on main: error', () => {
    const d = decide({
      branch: 'main',
      version: '1.3.0-SNAPSHOT',
      previousVersion: '1.2.0',
    });
    assert.equal(d.action, 'error');
    assert.match(d.reason, /SNAPSHOT on main/);
  });

  test('not semver on main: error', () => {
    for (const version of ['1.3', 'v1.3.0', '1.3.0-rc.1', 'latest']) {
      const d = decide({ branch: 'main', version, previousVersion: '1.2.0' });
      assert.equal(d.action, 'error', version);
      assert.match(d.reason, /not semver/, version);
    }
  });

  test('version going backwards: error', () => {
    const d = decide({
      branch: 'main',
      version: '1.9.0',
      previousVersion: '1.10.0',
      existingTags: [],
    });
    assert.equal(d.action, 'error');
    assert.match(
      d.reason,
      /went backwards.*1\.9\.0 is lower than the previous 1\.10\.0/,
    );
  });

  test('first commit (no previous version): release', () => {
    for (const previousVersion of [null, undefined, '']) {
      const d = decide({
        branch: 'main',
        version: '0.1.0',
        previousVersion,
        existingTags: [],
      });
      assert.equal(d.action, 'release');
      assert.equal(d.gitTag, 'v0.1.0');
      assert.deepEqual(d.imageTags, ['0.1.0']);
      assert.match(d.reason, /first version/);
    }
  });

  test('release after a snapshot slipped onto main', () => {
    const d = decide({
      branch: 'main',
      version: '1.3.0',
      previousVersion: '1.3.0-SNAPSHOT',
    });
    assert.equal(d.action, 'release');
  });

  test('full ref refs/heads/main is main', () => {
    assert.equal(
      decide({
        branch: 'refs/heads/main',
        version: '2.0.0',
        previousVersion: '1.0.0',
      }).action,
      'release',
    );
  });
});

describe('mono-repo components (tag prefix)', () => {
  test("a component's release is tagged under its own prefix", () => {
    const d = decide({
      branch: 'main',
      version: '0.1.0',
      previousVersion: null,
      existingTags: ['v0.1.0', 'lumen-reports/v0.1.0'],
      tagPrefix: 'lumen-anomaly/',
    });
    assert.equal(d.action, 'release', d.reason);
    assert.equal(d.gitTag, 'lumen-anomaly/v0.1.0');
  });

  test("the component's own existing tag is still refused", () => {
    const d = decide({
      branch: 'main',
      version: '0.2.0',
      previousVersion: '0.1.0',
      existingTags: ['lumen-anomaly/v0.2.0'],
      tagPrefix: 'lumen-anomaly/',
    });
    assert.equal(d.action, 'error');
    assert.match(d.reason, /stable tag lumen-anomaly\/v0\.2\.0 already exists/);
  });

  test('a prefix that is not a path ending in "/" is an error', () => {
    for (const tagPrefix of ['lumen', '/lumen/', '../x/', 'a b/']) {
      const d = decide({ branch: 'main', version: '1.0.0', tagPrefix });
      assert.equal(d.action, 'error', tagPrefix);
      assert.match(d.reason, /tag prefix/);
    }
  });
});

describe('Git Flow develop and other branches', () => {
  test('SNAPSHOT on develop: snapshot, tags X.Y.Z-SNAPSHOT and develop, mutable', () => {
    const d = decide({
      branch: 'develop',
      version: '1.3.0-SNAPSHOT',
      previousVersion: '1.3.0-SNAPSHOT',
      existingTags: ['v1.2.0'],
    });
    assert.equal(d.action, 'snapshot');
    assert.equal(d.version, '1.3.0-SNAPSHOT');
    assert.deepEqual(d.imageTags, ['1.3.0-SNAPSHOT', 'develop']);
    assert.equal(d.mutable, true);
    assert.equal(d.gitTag, undefined);
  });

  test('missing SNAPSHOT on develop: error', () => {
    const d = decide({
      branch: 'develop',
      version: '1.3.0',
      previousVersion: '1.3.0-SNAPSHOT',
    });
    assert.equal(d.action, 'error');
    assert.match(d.reason, /develop needs a -SNAPSHOT version/);
    assert.match(d.reason, /1\.3\.0-SNAPSHOT/);
  });

  test('feature, release and hotfix branches: skip (build and test only)', () => {
    for (const branch of [
      'feature/login',
      'release/1.3.0',
      'hotfix/1.2.1',
      'bugfix/x',
    ]) {
      const d = decide({ branch, version: '1.3.0-SNAPSHOT', flow: 'gitflow' });
      assert.equal(d.action, 'skip', branch);
      assert.deepEqual(d.imageTags, []);
      assert.match(d.reason, /build and test only/);
    }
  });

  test('pull requests and tag builds: skip in both flows', () => {
    for (const flow of ['gitflow', 'trunk']) {
      for (const branch of [
        '42/merge',
        'refs/pull/42/merge',
        'refs/tags/v1.2.0',
      ]) {
        const d = decide({
          branch,
          version: '1.2.0',
          previousVersion: '1.1.0',
          flow,
        });
        assert.equal(d.action, 'skip', `${flow} ${branch}`);
      }
    }
  });
});

describe('trunk (libraries)', () => {
  test('main releases like Git Flow main', () => {
    const d = decide({
      branch: 'main',
      version: '2.1.0',
      previousVersion: '2.0.3',
      existingTags: ['v2.0.3'],
      flow: 'trunk',
    });
    assert.equal(d.action, 'release');
    assert.equal(d.gitTag, 'v2.1.0');
    assert.deepEqual(d.imageTags, ['2.1.0']);
    assert.equal(d.mutable, false);
    assert.equal(
      decide({ branch: 'main', version: '2.1.0-SNAPSHOT', flow: 'trunk' })
        .action,
      'error',
    );
    assert.equal(
      decide({
        branch: 'main',
        version: '2.0.3',
        previousVersion: '2.0.3',
        flow: 'trunk',
      }).action,
      'skip',
    );
  });

  test('feature branch: snapshot X.Y.Z-SNAPSHOT derived from the version, mutable, no git tag', () => {
    for (const version of ['2.2.0', '2.2.0-SNAPSHOT']) {
      const d = decide({
        branch: 'feature/faster-parser',
        version,
        previousVersion: '2.1.0',
        existingTags: ['v2.2.0'],
        flow: 'trunk',
      });
      assert.equal(d.action, 'snapshot');
      assert.equal(d.version, '2.2.0-SNAPSHOT');
      assert.deepEqual(d.imageTags, ['2.2.0-SNAPSHOT']);
      assert.equal(d.mutable, true);
      assert.equal(d.gitTag, undefined);
    }
  });

  test('feature branch with a non-semver version: error', () => {
    assert.equal(
      decide({ branch: 'feature/x', version: 'next', flow: 'trunk' }).action,
      'error',
    );
  });

  test('unknown flow: error', () => {
    assert.match(
      decide({ branch: 'main', version: '1.0.0', flow: 'waterfall' }).reason,
      /unknown flow/,
    );
  });
});

describe('compareVersions', () => {
  test('numeric, snapshot before its release', () => {
    assert.equal(compareVersions('1.10.0', '1.9.0'), 1);
    assert.equal(compareVersions('1.2.3', '1.2.3'), 0);
    assert.equal(compareVersions('1.2.3-SNAPSHOT', '1.2.3'), -1);
    assert.equal(compareVersions('1.2', '1.2.3'), undefined);
  });
});

describe('readVersion', () => {
  test('package.json', () => {
    assert.equal(
      readVersion({
        file: 'package.json',
        content: '{"name":"a","version":"1.4.2"}',
      }),
      '1.4.2',
    );
    assert.equal(
      readVersion({
        file: 'svc/package.json',
        content: '\uFEFF{"version":"1.0.0-SNAPSHOT"}',
      }),
      '1.0.0-SNAPSHOT',
    );
  });

  test('package.json without version: clear error', () => {
    assert.throws(
      () => readVersion({ file: 'package.json', content: '{"name":"a"}' }),
      /package\.json has no "version" field/,
    );
    assert.throws(
      () => readVersion({ file: 'package.json', content: '{"name":' }),
      /package\.json is not valid JSON/,
    );
    assert.throws(
      () => readVersion({ file: 'package.json', content: '{"version":1}' }),
      /non-empty string/,
    );
  });

  test("pom.xml with a parent, dependencies, build and profiles: the project's own version", () => {
    const pom = `<?xml version="1.0" encoding="UTF-8"?>
<!-- <version>9.9.9</version> in a comment -->
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.3.4</version>
    <relativePath/>
  </parent>
  <dependencyManagement>
    <dependencies>
      <dependency><groupId>a</groupId><artifactId>bom</artifactId><version>7.0.0</version></dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>com.example</groupId>
      <artifactId>lib</artifactId>
      <version>2.0.0</version>
    </dependency>
  </dependencies>
  <groupId>com.orbital</groupId>
  <artifactId>orders</artifactId>
  <!-- the project's own: -->
  <version>1.5.0-SNAPSHOT</version>
  <build>
    <plugins>
      <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.2.5</version></plugin>
    </plugins>
  </build>
  <profiles><profile><id>x</id><properties><version>0.0.1</version></properties></profile></profiles>
</project>
`;
    assert.equal(
      readVersion({ file: 'pom.xml', content: pom }),
      '1.5.0-SNAPSHOT',
    );
  });

  test('pom.xml: version only in <parent> is an error; ${revision} is resolved', () => {
    const inherited = `<project><parent><groupId>g</groupId><artifactId>p</artifactId><version>1.0.0</version></parent>
      <artifactId>child</artifactId><dependencies><dependency><version>3.0.0</version></dependency></dependencies></project>`;
    assert.throws(
      () => readVersion({ file: 'pom.xml', content: inherited }),
      /no <version> of its own/,
    );
    const ciFriendly = `<project><artifactId>a</artifactId><version>\${revision}</version>
      <properties><revision>4.1.0</revision></properties></project>`;
    assert.equal(
      readVersion({ file: 'pom.xml', content: ciFriendly }),
      '4.1.0',
    );
    assert.throws(
      () =>
        readVersion({
          file: 'pom.xml',
          content: '<project><version>${revision}</version></project>',
        }),
      /\$\{revision\}/,
    );
  });

  test('unsupported file', () => {
    assert.throws(
      () => readVersion({ file: 'build.gradle', content: '' }),
      /expected package\.json, pom\.xml or pyproject\.toml/,
    );
  });
});

describe('readVersion: pyproject.toml', () => {
  const py = content => readVersion({ file: 'pyproject.toml', content });

  test('[project] version, among comments, other tables, multi-line arrays and strings', () => {
    const toml = `\uFEFF# version = "9.9.9" in a comment
[build-system]
requires = ["setuptools>=68", "wheel"]  # version = "8.8.8"
build-backend = "setuptools.build_meta"

[ project ]   # the PEP 621 table
name = "telemetry-api"
description = '''
version = "7.7.7" inside a multi-line literal string
'''
readme = \"\"\"
line with \\"quotes\\" and a \\
   continuation, version = "6.6.6\"\"\"
version = "1.4.0"   # the one
requires-python = ">=3.12"
dependencies = [
  "fastapi==0.115.0",  # ] and # and version = "5.5.5" here
  'uvicorn[standard]==0.30.6',
  ]
authors = [{ name = "Lumen", email = "lumen@example.com" }]
classifiers = [ [ "nested" ], ]

[project.optional-dependencies]
dev = ["pytest==8.3.3"]

[[tool.poetry.source]]
name = "internal"
version = "4.4.4"

[tool.ruff]
line-length = 100
version = 3
`;
    assert.equal(py(toml), '1.4.0');
  });

  test('a develop -SNAPSHOT version is read as written (the rules, not PEP 440, judge it)', () => {
    assert.equal(
      py('[project]\nname = "a"\nversion = "0.2.0-SNAPSHOT"\n'),
      '0.2.0-SNAPSHOT',
    );
    assert.equal(py("[project]\r\nversion = '2.0.0'\r\n"), '2.0.0');
  });

  test('dotted keys and quoted keys', () => {
    assert.equal(
      py('project.name = "a"\nproject.version = "3.1.0"\n'),
      '3.1.0',
    );
    assert.equal(py('["project"]\n"version" = "3.2.0"\n'), '3.2.0');
    assert.equal(py('[tool]\npoetry.version = "3.3.0"\n'), '3.3.0');
  });

  test('[tool.poetry] version (Poetry 1), and Poetry 2 with dynamic = ["version"]', () => {
    assert.equal(
      py(
        '[tool.poetry]\nname = "a"\nversion = "0.9.1"\n\n[tool.poetry.dependencies]\npython = "^3.12"\n',
      ),
      '0.9.1',
    );
    assert.equal(
      py(
        '[project]\nname = "a"\ndynamic = [ "version", "readme" ]\n[tool.poetry]\nversion = "1.0.0"\n',
      ),
      '1.0.0',
    );
    assert.equal(
      py('[project]\nversion = "1.0.0"\n[tool.poetry]\nversion = "1.0.0"\n'),
      '1.0.0',
    );
  });

  test('a dynamic version is a clear error', () => {
    assert.throws(
      () =>
        py(
          '[project]\nname = "a"\ndynamic = ["version"]\n[tool.setuptools_scm]\n',
        ),
      /declares the version dynamic.*set version = "X\.Y\.Z" under \[project\]/,
    );
    assert.throws(
      () => py('[project]\nversion = "1.0.0"\ndynamic = ["version"]\n'),
      /both version and dynamic/,
    );
  });

  test('missing, non-string, conflicting versions and broken TOML: clear errors', () => {
    assert.throws(
      () => py('[project]\nname = "a"\n'),
      /pyproject\.toml has no version/,
    );
    assert.throws(() => py(''), /pyproject\.toml has no version/);
    assert.throws(
      () => py('[tool.other]\nversion = "1.0.0"\n'),
      /pyproject\.toml has no version/,
    );
    assert.throws(
      () => py('[project]\nversion = 1\n'),
      /\[project\] version must be a non-empty string/,
    );
    assert.throws(
      () => py('[project]\nversion = ""\n'),
      /must be a non-empty string/,
    );
    assert.throws(
      () =>
        py('[project]\nversion = "1.0.0"\n[tool.poetry]\nversion = "1.1.0"\n'),
      /two versions, \[project\] 1\.0\.0 and \[tool\.poetry\] 1\.1\.0/,
    );
    assert.throws(
      () => py('[project]\nname = "a"\nversion = "1.0.0\n'),
      /not valid TOML \(line 3\): unterminated string/,
    );
    assert.throws(
      () => py('[project\nversion = "1.0.0"\n'),
      /not valid TOML \(line 1\)/,
    );
    assert.throws(
      () => py('[project]\nversion = "1.0.0"\nversion = "1.1.0"\n'),
      /line 3\): project\.version is defined twice/,
    );
    assert.throws(
      () => py('[project]\nversion = "1.0.0" "x"\n'),
      /not valid TOML \(line 2\): unexpected/,
    );
    assert.throws(
      () => py('[project]\ndependencies = ["a",\n'),
      /not valid TOML/,
    );
  });

  test('parseToml: the subset it understands', () => {
    const doc = parseToml(
      'a = "x\\ty\\u00e9"\nb = \'C:\\path\'\nc = [1, 2.5, true]\nd = { e = "f", g.h = 1 }\n' +
        '[[arr]]\nk = "1"\n[[arr]]\nk = "2"\n',
    );
    assert.equal(doc.get('a'), 'x\ty\u00e9');
    assert.equal(doc.get('b'), 'C:\\path');
    assert.deepEqual(doc.get('c'), [
      { raw: '1' },
      { raw: '2.5' },
      { raw: 'true' },
    ]);
    assert.deepEqual(doc.get('d'), { e: 'f', 'g.h': { raw: '1' } });
    assert.equal(doc.get('arr.#0.k'), '1');
    assert.equal(doc.get('arr.#1.k'), '2');
  });
});

describe('CLI', () => {
  function run(args, { cwd, env = {} } = {}) {
    return spawnSync(process.execPath, [SCRIPT, ...args], {
      cwd,
      env: cleanEnv(env),
      encoding: 'utf8',
    });
  }

  test('end to end: release with --github-output, exit 0', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'package.json'), '{"version":"1.3.0"}');
    writeFileSync(join(dir, 'previous.json'), '{"version":"1.2.0"}');
    writeFileSync(join(dir, 'tags'), 'v1.1.0\nv1.2.0\n');
    writeFileSync(join(dir, 'out'), 'earlier=kept\n');
    const r = run(
      [
        '--branch',
        'main',
        '--file',
        'package.json',
        '--previous-file',
        'previous.json',
        '--tags-file',
        'tags',
        '--github-output',
      ],
      { cwd: dir, env: { GITHUB_OUTPUT: join(dir, 'out') } },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).action, 'release');
    const out = readFileSync(join(dir, 'out'), 'utf8');
    assert.match(out, /^earlier=kept\n/, 'appends, never truncates');
    assert.deepEqual(parseOutputs(out), {
      earlier: 'kept',
      action: 'release',
      version: '1.3.0',
      git_tag: 'v1.3.0',
      image_tags: '1.3.0',
      mutable: 'false',
      reason: 'main: 1.2.0 → 1.3.0, release v1.3.0 (immutable)',
      previous_version: '1.2.0',
    });
  });

  test('end to end: snapshot on develop from a pom.xml, comma-separated image tags', () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'pom.xml'),
      '<project><artifactId>a</artifactId><version>2.0.0-SNAPSHOT</version></project>',
    );
    const r = run(
      [
        '--branch=develop',
        '--file=pom.xml',
        '--previous-version=2.0.0-SNAPSHOT',
        '--github-output',
      ],
      {
        cwd: dir,
        env: { GITHUB_OUTPUT: join(dir, 'out') },
      },
    );
    assert.equal(r.status, 0, r.stderr);
    const out = parseOutputs(readFileSync(join(dir, 'out'), 'utf8'));
    assert.equal(out.action, 'snapshot');
    assert.equal(out.image_tags, '2.0.0-SNAPSHOT,develop');
    assert.equal(out.mutable, 'true');
    assert.equal(out.git_tag, '');
  });

  test('end to end: pyproject.toml, release on main and snapshot on develop', () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'pyproject.toml'),
      '[project]\nname = "telemetry-api"\nversion = "0.2.0"\n',
    );
    writeFileSync(
      join(dir, 'previous.toml'),
      '[project]\nname = "telemetry-api"\nversion = "0.1.0"\n',
    );
    let r = run(
      [
        '--branch',
        'main',
        '--file',
        'pyproject.toml',
        '--previous-file',
        'previous.toml',
        '--tags',
        'v0.1.0',
      ],
      { cwd: dir },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(
      (({ action, gitTag, imageTags, previousVersion }) => ({
        action,
        gitTag,
        imageTags,
        previousVersion,
      }))(JSON.parse(r.stdout)),
      {
        action: 'release',
        gitTag: 'v0.2.0',
        imageTags: ['0.2.0'],
        previousVersion: '0.1.0',
      },
    );
    writeFileSync(
      join(dir, 'pyproject.toml'),
      '[project]\nname = "telemetry-api"\nversion = "0.3.0-SNAPSHOT"\n',
    );
    r = run(['--branch', 'develop', '--file', 'pyproject.toml'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).imageTags, [
      '0.3.0-SNAPSHOT',
      'develop',
    ]);
    writeFileSync(
      join(dir, 'pyproject.toml'),
      '[project]\nname = "telemetry-api"\ndynamic = ["version"]\n',
    );
    r = run(['--branch', 'main', '--file', 'pyproject.toml'], { cwd: dir });
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      /^error: pyproject\.toml declares the version dynamic/m,
    );
  });

  test('end to end: error exits 1 with an ::error:: annotation under GitHub Actions', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'package.json'), '{"version":"1.2.0"}');
    const r = run(
      [
        '--branch',
        'main',
        '--file',
        'package.json',
        '--previous-version',
        '1.1.0',
        '--tags',
        'v1.1.0 v1.2.0',
        '--github-output',
      ],
      {
        cwd: dir,
        env: { GITHUB_OUTPUT: join(dir, 'out'), GITHUB_ACTIONS: 'true' },
      },
    );
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      /^::error title=Platform version rules::stable tag v1\.2\.0 already exists, refusing to overwrite/m,
    );
    assert.equal(
      parseOutputs(readFileSync(join(dir, 'out'), 'utf8')).action,
      'error',
    );
  });

  test('a version file without a version and bad usage exit 1', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'package.json'), '{"name":"x"}');
    const r = run(['--branch', 'main', '--file', 'package.json'], { cwd: dir });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^error: package\.json has no "version" field/m);
    assert.equal(run(['--file', 'package.json'], { cwd: dir }).status, 1);
    assert.equal(
      run(['--branch', 'main', '--file', 'missing.json'], { cwd: dir }).status,
      1,
    );
    assert.equal(
      run(['--branch', 'main', '--file', 'package.json', '--github-output'], {
        cwd: dir,
      }).status,
      1,
    );
  });

  test('in process: main() returns the exit code', () => {
    const sink = {
      text: '',
      write(s) {
        this.text += s;
      },
    };
    assert.equal(main(['--help'], { env: {}, stdout: sink, stderr: sink }), 0);
    assert.match(sink.text, /usage:/);
    assert.equal(main(['--nope'], { env: {}, stdout: sink, stderr: sink }), 1);
  });
});

describe('action (scripts/version-rules.sh in a real git repository)', () => {
  const git = (cwd, ...args) => {
    const r = spawnSync(
      'git',
      [
        '-c',
        'user.name=t',
        '-c',
        'user.email=t@example.com',
        '-c',
        'commit.gpgsign=false',
        '-c',
        'tag.gpgsign=false',
        ...args,
      ],
      { cwd, encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  const commitVersion = (dir, version) => {
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'svc', version }),
    );
    git(dir, 'add', 'package.json');
    git(dir, 'commit', '-q', '-m', version);
  };
  const action = (dir, env) => {
    const out = join(dir, '..', `out-${Math.random().toString(36).slice(2)}`);
    writeFileSync(out, '');
    const r = spawnSync('bash', [SHELL], {
      cwd: dir,
      encoding: 'utf8',
      env: cleanEnv({
        INPUT_VERSION_FILE: 'package.json',
        INPUT_FLOW: 'gitflow',
        GITHUB_OUTPUT: out,
        ...env,
      }),
    });
    return {
      status: r.status,
      stderr: r.stderr,
      out: parseOutputs(readFileSync(out, 'utf8')),
    };
  };

  test('first commit releases; unchanged skips; a bump releases; an existing tag is refused; develop snapshots', () => {
    const dir = join(tmp(), 'repo');
    git(dirname(dir), 'init', '-q', '-b', 'main', dir);
    const main = { GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main' };

    commitVersion(dir, '1.0.0');
    let r = action(dir, main);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.out.action, 'release');
    assert.equal(r.out.previous_version, '');
    git(dir, 'tag', 'v1.0.0');

    git(dir, 'commit', '-q', '--allow-empty', '-m', 'docs');
    r = action(dir, main);
    assert.equal(r.out.action, 'skip', r.stderr);

    commitVersion(dir, '1.1.0');
    r = action(dir, main);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(
      [r.out.action, r.out.git_tag, r.out.image_tags, r.out.previous_version],
      ['release', 'v1.1.0', '1.1.0', '1.0.0'],
    );

    git(dir, 'tag', 'v1.1.0');
    r = action(dir, main);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /refusing to overwrite/);

    r = action(dir, { ...main, INPUT_REGISTRY_TAGS: '1.1.0' });
    assert.equal(r.status, 1);

    git(dir, 'checkout', '-q', '-b', 'develop');
    commitVersion(dir, '1.2.0-SNAPSHOT');
    r = action(dir, {
      GITHUB_REF: 'refs/heads/develop',
      GITHUB_REF_NAME: 'develop',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.out.image_tags, '1.2.0-SNAPSHOT,develop');

    r = action(dir, {
      GITHUB_REF: 'refs/pull/7/merge',
      GITHUB_REF_NAME: '7/merge',
    });
    assert.equal(r.out.action, 'skip', r.stderr);
  });

  test("with a tag prefix, only the component's own tags count", () => {
    const dir = join(tmp(), 'mono');
    git(dirname(dir), 'init', '-q', '-b', 'main', dir);
    const main = { GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main' };
    commitVersion(dir, '0.1.0');
    git(dir, 'tag', 'v0.1.0');
    git(dir, 'tag', 'other/v0.1.0');
    let r = action(dir, { ...main, INPUT_TAG_PREFIX: 'svc/' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual([r.out.action, r.out.git_tag], ['release', 'svc/v0.1.0']);
    git(dir, 'tag', 'svc/v0.1.0');
    git(dir, 'commit', '-q', '--allow-empty', '-m', 'again');
    r = action(dir, { ...main, INPUT_TAG_PREFIX: 'svc/' });
    assert.equal(r.out.action, 'skip', r.stderr);
  });
});

describe('action with pyproject.toml (scripts/version-rules.sh)', () => {
  test('main releases, develop snapshots, a previous pyproject.toml without a version counts as none', () => {
    const dir = join(tmp(), 'py');
    const git = (...args) => {
      const r = spawnSync(
        'git',
        [
          '-c',
          'user.name=t',
          '-c',
          'user.email=t@example.com',
          '-c',
          'commit.gpgsign=false',
          ...args,
        ],
        { cwd: dir, encoding: 'utf8' },
      );
      assert.equal(r.status, 0, r.stderr);
    };
    spawnSync('git', ['init', '-q', '-b', 'main', dir]);
    const commit = toml => {
      writeFileSync(join(dir, 'pyproject.toml'), toml);
      git('add', 'pyproject.toml');
      git('commit', '-q', '-m', 'x');
    };
    const action = env => {
      const out = join(dir, '..', `out-${Math.random().toString(36).slice(2)}`);
      writeFileSync(out, '');
      const r = spawnSync('bash', [SHELL], {
        cwd: dir,
        encoding: 'utf8',
        env: cleanEnv({
          INPUT_VERSION_FILE: 'pyproject.toml',
          GITHUB_OUTPUT: out,
          ...env,
        }),
      });
      return {
        status: r.status,
        stderr: r.stderr,
        out: parseOutputs(readFileSync(out, 'utf8')),
      };
    };
    const main = { GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main' };
    commit('[tool.ruff]\nline-length = 100\n');
    commit(
      '[project]\nname = "svc"\nversion = "0.1.0" # first\n\n[tool.ruff]\nline-length = 100\n',
    );
    let r = action(main);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(
      [r.out.action, r.out.git_tag, r.out.previous_version],
      ['release', 'v0.1.0', ''],
    );
    assert.match(r.stderr, /previous version unreadable/);
    git('tag', 'v0.1.0');
    commit('[project]\nname = "svc"\nversion = "0.1.0"\n');
    assert.equal(action(main).out.action, 'skip');
    git('checkout', '-q', '-b', 'develop');
    commit('[project]\nname = "svc"\nversion = "0.2.0-SNAPSHOT"\n');
    r = action({
      GITHUB_REF: 'refs/heads/develop',
      GITHUB_REF_NAME: 'develop',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(
      [r.out.action, r.out.image_tags, r.out.previous_version],
      ['snapshot', '0.2.0-SNAPSHOT,develop', '0.1.0'],
    );
  });
});

describe('action.yml', () => {
  test('declares every output the CLI writes and runs the shell script', () => {
    const yml = readFileSync(ACTION, 'utf8');
    for (const key of [
      'action',
      'version',
      'git_tag',
      'image_tags',
      'mutable',
      'reason',
      'previous_version',
    ]) {
      assert.match(
        yml,
        new RegExp(
          `^  ${key}:\\n[\\s\\S]*?value: \\$\\{\\{ steps\\.rules\\.outputs\\.${key} \\}\\}`,
          'm',
        ),
      );
    }
    assert.match(yml, /^name: Platform version rules$/m);
    assert.match(yml, /using: composite/);
    assert.match(yml, /\$GITHUB_ACTION_PATH\/\.\.\/scripts\/version-rules\.sh/);
  });
});
