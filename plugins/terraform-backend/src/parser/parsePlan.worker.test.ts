import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parsePlan, ParsedPlan } from '.';
import { parsePlanWith, runEngine } from './parsePlan';
import { GENERATED_SECRET, generatePlan } from './__fixtures__/generatePlan';

const FIXTURES = [
  'actions.json',
  'values.json',
  'drift-and-outputs.json',
  'opentofu.json',
  'no-changes.json',
];
const fixture = (name: string) =>
  fs.readFileSync(path.join(__dirname, '__fixtures__', name));

/** The plan and every detail, as the API would serve them. */
function served(plan: ParsedPlan) {
  const { detail, ...document } = plan;
  const addresses = [...plan.resources, ...plan.drift].map(r => r.address);
  return {
    document: JSON.parse(JSON.stringify(document)),
    details: addresses.map(a => detail(a)),
  };
}

function chunksOf(buffer: Buffer, size: number): Buffer[] {
  const chunks = [];
  for (let at = 0; at < buffer.length; at += size) {
    chunks.push(buffer.subarray(at, at + size));
  }
  return chunks;
}

describe('parsePlan: worker and in-process paths', () => {
  it.each(FIXTURES)('give identical results for %s', async name => {
    const inProcess = served(
      await parsePlanWith(fixture(name), {}, { worker: false }),
    );
    const worker = served(
      await parsePlanWith(fixture(name), {}, { worker: true }),
    );
    expect(worker).toEqual(inProcess);
    expect(inProcess.document.resources.length).toBeGreaterThanOrEqual(0);
  });

  const CHUNKED = ['actions.json', 'values.json', 'drift-and-outputs.json'];

  it.each([1, 2, 3, 7, 61, 4096])(
    'give the same result whatever the chunking (in-process, %i-byte chunks)',
    async size => {
      for (const name of CHUNKED) {
        const whole = await parsePlanWith(fixture(name), {}, { worker: false });
        // The engine gets each chunk as it is: escapes, keys and literals split everywhere.
        const chunked = await parsePlanWith(
          Readable.from(chunksOf(fixture(name), size)),
          {},
          { worker: false },
        );
        expect(served(chunked)).toEqual(served(whole));
      }
    },
  );

  it.each([7, 61, 4096])(
    'give the same result whatever the chunking (worker, %i-byte batches)',
    async size => {
      for (const name of CHUNKED) {
        const whole = await parsePlanWith(fixture(name), {}, { worker: false });
        const chunked = await parsePlanWith(
          Readable.from(chunksOf(fixture(name), size)),
          {},
          { worker: true, batchBytes: size },
        );
        expect(served(chunked)).toEqual(served(whole));
      }
    },
  );

  it('chooses the worker for large inputs and the same answer comes back', async () => {
    const big = generatePlan({ resources: 600 });
    expect(big.length).toBeGreaterThan(1024 * 1024);
    const auto = await parsePlan(big);
    const inProcess = await parsePlanWith(big, {}, { worker: false });
    expect(served(auto)).toEqual(served(inProcess));
    expect(auto.counts).toMatchObject({ add: 120, change: 480 });
    expect(JSON.stringify(served(auto))).not.toContain(GENERATED_SECRET);
  });

  it('keeps sensitive values out of the stored diffs themselves', () => {
    const raw = runEngine([generatePlan({ resources: 50 })]);
    const store = Buffer.concat(raw.store.chunks.map(c => Buffer.from(c)));
    expect(store.length).toBeGreaterThan(0);
    expect(store.toString()).toContain('engine_version');
    expect(store.toString()).not.toContain(GENERATED_SECRET);
    expect(JSON.stringify(raw)).not.toContain(GENERATED_SECRET);
  });

  it('keeps the event loop running while a 20 MB plan is parsed', async () => {
    const big = generatePlan({ resources: 8000, attributeBytes: 700 });
    expect(big.length).toBeGreaterThan(20 * 1024 * 1024);
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += 1;
    }, 1);
    try {
      // A Buffer, not a stream: reading a stream yields to the event loop between chunks even if
      // the parse were done here; with a Buffer only a parse off this thread lets timers run.
      const plan = await parsePlan(big);
      expect(plan.resources).toHaveLength(8000);
      expect(plan.resources[1]).toMatchObject({
        address: 'module.app.module.db["eu-west-1b"].aws_db_instance.main[1]',
        moduleAddress: 'module.app.module.db["eu-west-1b"]',
        index: 1,
        action: 'update',
      });
      expect(plan.resources[0].index).toBe('db-0');
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
  });

  it('reads a huge string attribute spanning many batches, and shows it shortened', async () => {
    const chars = 3 * 1024 * 1024;
    const big = generatePlan({ resources: 3, hugeStringChars: chars });
    for (const worker of [true, false]) {
      const plan = await parsePlanWith(big, {}, { worker });
      const notes = plan
        .detail(plan.resources[0].address)!
        .attributes.find(a => a.path === 'notes')!;
      expect(notes.after).toMatch(
        /^h{65536}\.\.\. \(3080192 more characters not shown\)$/,
      );
      expect(plan.sizeBytes).toBe(big.length);
    }
  });
});
