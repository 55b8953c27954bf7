#!/usr/bin/env node
// Turns each directory of examples/repos into a bare git repository under <dest> (default
// $PORTAL_DATA_DIR/repos), so the embedded portal has an organisation's worth of repositories to
// discover. Existing repositories are left alone: what people (or templates) pushed is kept.
// Usage: node scripts/seed-repos.mjs [dest]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const source = path.join(root, 'examples/repos');
const dest = path.resolve(
  process.argv[2] ?? path.join(process.env.PORTAL_DATA_DIR ?? path.join(root, '.data'), 'repos'),
);

const git = (cwd, ...args) =>
  execFileSync('git', args, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Platform Portal',
      GIT_AUTHOR_EMAIL: 'portal@orbital-data.example',
      GIT_COMMITTER_NAME: 'Platform Portal',
      GIT_COMMITTER_EMAIL: 'portal@orbital-data.example',
      GIT_AUTHOR_DATE: '2026-10-01T09:00:00Z',
      GIT_COMMITTER_DATE: '2026-10-01T09:00:00Z',
    },
  }).toString();

fs.mkdirSync(dest, { recursive: true });
const created = [];
for (const name of fs.readdirSync(source).sort()) {
  const dir = path.join(source, name);
  if (!fs.statSync(dir).isDirectory()) continue;
  const bare = path.join(dest, `${name}.git`);
  if (fs.existsSync(bare)) continue;

  const work = fs.mkdtempSync(path.join(os.tmpdir(), `seed-${name}-`));
  fs.cpSync(dir, work, { recursive: true });
  const configFile = path.join(work, '.git-config');
  const config = fs.existsSync(configFile)
    ? fs.readFileSync(configFile, 'utf8').split('\n').filter(l => l.includes('='))
    : [];
  fs.rmSync(configFile, { force: true });

  git(work, 'init', '-q', '--initial-branch=main');
  git(work, 'add', '-A');
  git(work, 'commit', '-q', '-m', `Initial import of ${name}`);
  git(dest, 'init', '-q', '--bare', '--initial-branch=main', bare);
  git(work, 'push', '-q', bare, 'main');
  for (const line of config) {
    const [key, ...value] = line.split('=');
    git(bare, 'config', key.trim(), value.join('=').trim());
  }
  fs.rmSync(work, { recursive: true, force: true });
  created.push(name);
}
process.stdout.write(
  `${created.length ? `seeded ${created.join(', ')}` : 'nothing to seed'} in ${dest}\n`,
);
