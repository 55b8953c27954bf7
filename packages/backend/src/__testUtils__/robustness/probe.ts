/*
 * Runs a plugin's pure functions over generated inputs in a process of its own:
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs probe.ts <mode> <cases> <results>
 *
 * - `parsePlan`: <cases> is a directory with manifest.json ([{ id, file }]) and one file per
 *   case; each is parsed by plugins/terraform-backend's parsePlan.
 * - `flux`: <cases> is a JSON file of [{ id, object }]; each object goes through flux-common's
 *   summariseFluxObject, computeStatus and getConditions.
 *
 * One JSON line per case is appended to <results> as soon as the case is done, so a crash (a
 * native abort, an out-of-memory kill) is seen by the test as a missing line, and the case that
 * caused it is the first one without a line.
 *
 * Why a child process and a path: the backend package may not import another workspace's
 * internals (`no-relative-monorepo-imports`; parsePlan is not exported by the plugin package and
 * flux-common is not a dependency of the backend), and a crash here must not take jest down with
 * it. The modules are loaded from their source files by path at run time.
 */
import fs from 'node:fs';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../../../..');
const CASE_TIMEOUT_MS = 60_000;

type Outcome =
  | { id: string; result: 'ok'; ms: number; summary?: unknown }
  | {
      id: string;
      result: 'error';
      ms: number;
      name: string;
      code?: string;
      message: string;
    };

function load(relative: string): any {
  // A computed path: see the comment at the top.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(REPO_ROOT, relative));
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(`probe timeout: ${what} took over ${CASE_TIMEOUT_MS} ms`),
          ),
        CASE_TIMEOUT_MS,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}

function errorOutcome(id: string, started: number, error: unknown): Outcome {
  const e = error as { name?: string; code?: unknown; message?: string };
  return {
    id,
    result: 'error',
    ms: Date.now() - started,
    name: String(e?.name ?? typeof error),
    code: typeof e?.code === 'string' ? e.code : undefined,
    message: String(e?.message ?? error).slice(0, 2000),
  };
}

async function parsePlans(casesDir: string, write: (o: Outcome) => void) {
  const { parsePlan } = load('plugins/terraform-backend/src/parser');
  const manifest: Array<{ id: string; file: string; maxBytes?: number }> =
    JSON.parse(fs.readFileSync(path.join(casesDir, 'manifest.json'), 'utf8'));
  for (const c of manifest) {
    const started = Date.now();
    try {
      const bytes = fs.readFileSync(path.join(casesDir, c.file));
      const plan: any = await withTimeout<any>(
        parsePlan(bytes, { maxBytes: c.maxBytes }),
        c.id,
      );
      // What the API does with a parsed plan: serialise it, expand a resource's details.
      JSON.stringify({ ...plan, detail: undefined });
      for (const r of (plan.resources ?? []).slice(0, 3))
        plan.detail(r.address);
      plan.detail('no.such.address');
      write({
        id: c.id,
        result: 'ok',
        ms: Date.now() - started,
        summary: { resources: plan.resources?.length, counts: plan.counts },
      });
    } catch (error) {
      write(errorOutcome(c.id, started, error));
    }
  }
}

async function fluxObjects(casesFile: string, write: (o: Outcome) => void) {
  const { summariseFluxObject, computeStatus, getConditions } = load(
    'plugins/flux-common/src',
  );
  const cases: Array<{ id: string; object: unknown }> = JSON.parse(
    fs.readFileSync(casesFile, 'utf8'),
  );
  const STATES = [
    'ready',
    'progressing',
    'failed',
    'stalled',
    'suspended',
    'unknown',
  ];
  for (const c of cases) {
    const started = Date.now();
    // computeStatus and getConditions must never throw; summariseFluxObject only for a kind
    // that is not a Flux kind ("Not a Flux kind: …"), which is reported separately.
    try {
      const status = computeStatus(c.object);
      getConditions(c.object);
      if (!STATES.includes(status?.state)) {
        throw new Error(
          `computeStatus returned state ${JSON.stringify(status?.state)}`,
        );
      }
    } catch (error) {
      write({
        ...errorOutcome(c.id, started, error),
        name: `status:${(error as Error)?.name}`,
      } as Outcome);
      continue;
    }
    try {
      const summary = summariseFluxObject(c.object, 'probe-cluster');
      JSON.stringify(summary);
      write({
        id: c.id,
        result: 'ok',
        ms: Date.now() - started,
        summary: { state: summary.status.state, kind: summary.kind },
      });
    } catch (error) {
      write(errorOutcome(c.id, started, error));
    }
  }
}

async function main() {
  const [mode, input, results] = process.argv.slice(2);
  const fd = fs.openSync(results, 'w');
  const write = (o: Outcome) => fs.writeSync(fd, `${JSON.stringify(o)}\n`);
  if (mode === 'parsePlan') await parsePlans(input, write);
  else if (mode === 'flux') await fluxObjects(input, write);
  else throw new Error(`unknown probe mode ${mode}`);
  fs.closeSync(fd);
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`probe failed: ${error?.stack ?? error}\n`);
    process.exit(3);
  },
);
