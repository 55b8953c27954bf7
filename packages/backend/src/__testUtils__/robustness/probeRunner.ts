import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../PortalProcess';

export interface ProbeOutcome {
  id: string;
  result: 'ok' | 'error';
  ms: number;
  name?: string;
  code?: string;
  message?: string;
  summary?: any;
}

export interface ProbeRun {
  outcomes: ProbeOutcome[];
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  ms: number;
}

/** Runs probe.ts in a child Node process (see there) and reads its results. */
export async function runProbe(
  mode: 'parsePlan' | 'flux',
  input: string,
  options: { timeoutMs?: number } = {},
): Promise<ProbeRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-probe-'));
  const results = path.join(dir, 'results.jsonl');
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      path.join(__dirname, 'probe.ts'),
      mode,
      input,
      results,
    ],
    {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? os.tmpdir(),
        ESBK_TSCONFIG_PATH: path.join(REPO_ROOT, 'tsconfig.json'),
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const timer = setTimeout(
    () => child.kill('SIGKILL'),
    options.timeoutMs ?? 300_000,
  );
  const [exitCode, signal] = await new Promise<
    [number | null, NodeJS.Signals | null]
  >(resolve => child.once('exit', (code, sig) => resolve([code, sig])));
  clearTimeout(timer);
  const outcomes = fs.existsSync(results)
    ? fs
        .readFileSync(results, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map(line => JSON.parse(line) as ProbeOutcome)
    : [];
  fs.rmSync(dir, { recursive: true, force: true });
  return { outcomes, exitCode, signal, stderr, ms: Date.now() - started };
}
