import { execFile } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../__testUtils__/PortalProcess';

jest.setTimeout(15 * 60_000);

/**
 * The quick subset of the reliability harness (bench/reliability/run.ts --quick): the production
 * configuration at two replicas over a PostgreSQL of its own, under 20 users for 10 s, a
 * PostgreSQL restart, a replica killed mid-task and failing upstreams. The full run (50 users,
 * 60 s) is `bench/reliability.sh`; its figures are in docs/benchmarks.md.
 */
describe('two replicas over one PostgreSQL, under load and faults', () => {
  let report: any;

  beforeAll(async () => {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        [
          '--require',
          require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
          path.join(REPO_ROOT, 'bench/reliability/run.ts'),
          '--quick',
        ],
        {
          cwd: REPO_ROOT,
          env: { ...process.env, NODE_OPTIONS: '' },
          maxBuffer: 64 * 1024 * 1024,
        },
        (error, out, err) =>
          error
            ? reject(new Error(`${error.message}\n${err.slice(-4000)}`))
            : resolve(out),
      );
    });
    report = JSON.parse(stdout);
  });

  it('serves the same catalog through either replica', () => {
    expect(report.catalog.entities).toBeGreaterThan(150);
    expect(report.catalog.identicalThroughBothReplicas).toBe(true);
  });

  it('runs a scheduled provider once per tick across replicas, not once per replica', () => {
    const { totalRuns, expectedIfOnce } = report.scheduler;
    expect(totalRuns).toBeGreaterThanOrEqual(1);
    expect(totalRuns).toBeLessThanOrEqual(expectedIfOnce + 1);
  });

  it('completes a template run on the other replica after the first was killed mid-run', () => {
    expect(report.scaffolderRecovery.status).toBe('completed');
  });

  it('answers every request of the simulated users', () => {
    expect(report.load.requests).toBeGreaterThan(100);
    expect(report.load.errors).toBe(0);
    expect(report.load.p95).toBeLessThan(3_000);
  });

  it('survives a PostgreSQL restart without losing anything or being restarted', () => {
    const pg = report.postgresRestart;
    expect(pg.nothingLost).toBe(true);
    expect(pg.entitiesAfter).toBe(pg.entitiesBefore);
    expect(pg.bothReplicasServingAgainAfterMs).toBeGreaterThanOrEqual(0);
    expect(pg.bothReplicasServingAgainAfterMs).toBeLessThan(30_000);
    expect(pg.errorsAfterRecovery).toBe(0);
  });

  it('serves the rest of a page when an upstream fails, with the error per source', () => {
    const { ecr, kubernetes, github } = report.upstreamFaults;
    expect(ecr.served).toEqual(['rel/healthy']);
    expect(ecr.errors).toEqual(
      expect.arrayContaining([
        'denied: AccessDeniedException',
        'throttled: ThrottlingException',
      ]),
    );
    expect(kubernetes.rows).toEqual(['rel-ok/rel-orders']);
    expect(kubernetes.errors).toEqual(['rel-hang: TIMEOUT']);
    expect(kubernetes.ms).toBeLessThan(kubernetes.timeoutSeconds * 1000 + 3000);
    expect(github.status).toBe(200);
    expect(github.errors.length).toBeGreaterThan(0);
  });

  it('writes no secret to the logs', () => {
    expect(report.secretsInLogs).toEqual([]);
  });
});
