/*
 * One measurement in a fresh process (so peak RSS is this measurement's alone):
 *   node child.mjs json <file>                 bare JSON.parse(fs.readFileSync(file))
 *   node child.mjs stream <file> <parser.cjs>  parsePlan(fs.createReadStream(file))
 *   node child.mjs buffer <file> <parser.cjs>  parsePlan(fs.readFileSync(file))
 * Prints one JSON line: time, peak RSS (VmHWM, which counts the worker thread too: same
 * process), the RSS before the measurement, and the worst event-loop delay seen meanwhile.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const [mode, file, bundle] = process.argv.slice(2);
const kib = key =>
  Number(
    new RegExp(`${key}:\\s+(\\d+)`).exec(
      fs.readFileSync('/proc/self/status', 'utf8'),
    )[1],
  );
const baselineRssKiB = kib('VmRSS');

// Event-loop delay: a 10 ms timer that notes how late it fires.
let maxLagMs = 0;
let ticks = 0;
let last = performance.now();
const timer = setInterval(() => {
  const now = performance.now();
  maxLagMs = Math.max(maxLagMs, now - last - 10);
  last = now;
  ticks++;
}, 10);

const out = { mode, baselineRssKiB };
if (mode === 'json') {
  const t0 = performance.now();
  const plan = JSON.parse(fs.readFileSync(file));
  out.ms = performance.now() - t0;
  out.resources = plan.resource_changes.length;
} else {
  const { parsePlan } = createRequire(import.meta.url)(bundle);
  const t0 = performance.now();
  const input =
    mode === 'stream'
      ? fs.createReadStream(file, { highWaterMark: 1 << 20 })
      : fs.readFileSync(file);
  const plan = await parsePlan(input, { maxBytes: 1 << 30 });
  out.ms = performance.now() - t0;
  out.resources = plan.resources.length;
  out.counts = plan.counts;
  // Reading details afterwards: a few hundred addresses.
  const addresses = plan.resources
    .filter((_, i) => i % 37 === 0)
    .map(r => r.address);
  const t1 = performance.now();
  let leaked = JSON.stringify(plan).includes('bench-secret');
  for (const address of addresses) {
    const detail = plan.detail(address);
    if (
      JSON.stringify(detail).includes('bench-secret') ||
      JSON.stringify(detail).includes('BEGIN RSA')
    )
      leaked = true;
  }
  out.detailMsEach = (performance.now() - t1) / addresses.length;
  out.secretsLeaked = leaked;
}
// One more turn of the event loop so the timer can report a parse that blocked it.
await new Promise(resolve => setTimeout(resolve, 15));
clearInterval(timer);
out.peakRssKiB = kib('VmHWM');
out.maxEventLoopDelayMs = Math.max(0, maxLagMs);
out.timerTicks = ticks;
console.log(JSON.stringify(out));
