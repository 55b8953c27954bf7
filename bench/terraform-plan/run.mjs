/*
 * Terraform plan benchmark: generates a realistic plan of N resources (about 10 KB each in the
 * file, ~100 MB for 10 000), bundles the parser the way a production build does (esbuild, no
 * TypeScript loader in the measuring process), then measures in separate child processes:
 * a bare JSON.parse(fs.readFileSync(file)), parsePlan of a file stream, parsePlan of a Buffer.
 * Prints the results as JSON (bench/terraform-plan.sh writes them to bench/results).
 * Usage: node run.mjs [resources] [runs]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatePlan } from './generate.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const resources = Number(process.argv[2] ?? 10000);
const runs = Number(process.argv[3] ?? 3);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'terraform-plan-bench-'));
const log = message => process.stderr.write(`» ${message}\n`);
try {
  const file = path.join(tmp, 'plan.json');
  log(`generating ${resources} resources into ${file}`);
  const generated = generatePlan(file, resources);
  log(`${(generated.bytes / 1024 / 1024).toFixed(1)} MiB`);

  // The parser as production runs it: one bundle, the worker source inlined as a string.
  const bundle = path.join(tmp, 'parser.cjs');
  const esbuild = (
    await import(path.join(root, 'node_modules/esbuild/lib/main.js'))
  ).default;
  esbuild.buildSync({
    entryPoints: [
      path.join(root, 'plugins/terraform-backend/src/parser/index.ts'),
    ],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    outfile: bundle,
    logLevel: 'error',
  });

  const measure = (mode, ...args) => {
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const stdout = execFileSync(
        process.execPath,
        [path.join(here, 'child.mjs'), mode, file, ...args],
        {
          encoding: 'utf8',
          maxBuffer: 1 << 20,
        },
      );
      samples.push(JSON.parse(stdout.trim().split('\n').pop()));
      log(
        `${mode} run ${i + 1}: ${samples.at(-1).ms.toFixed(0)} ms, peak RSS ${(
          samples.at(-1).peakRssKiB / 1024
        ).toFixed(0)} MiB`,
      );
    }
    const sorted = [...samples].sort((a, b) => a.ms - b.ms);
    const median = sorted[Math.floor(sorted.length / 2)];
    const peak = Math.max(...samples.map(s => s.peakRssKiB));
    return {
      ms: +median.ms.toFixed(0),
      msRuns: samples.map(s => +s.ms.toFixed(0)),
      peakRssMiB: +(peak / 1024).toFixed(1),
      peakRssVsFile: +((peak * 1024) / generated.bytes).toFixed(2),
      baselineRssMiB: +(median.baselineRssKiB / 1024).toFixed(1),
      maxEventLoopDelayMs: +Math.max(
        ...samples.map(s => s.maxEventLoopDelayMs),
      ).toFixed(0),
      ...(median.detailMsEach !== undefined && {
        detailMsEach: +median.detailMsEach.toFixed(2),
        secretsLeaked: samples.some(s => s.secretsLeaked),
        counts: median.counts,
      }),
    };
  };

  const jsonParse = measure('json');
  const stream = measure('stream', bundle);
  const buffer = measure('buffer', bundle);
  const cpu = os.cpus();
  const result = {
    date: new Date().toISOString(),
    machine: `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(
      os.totalmem() /
      2 ** 30
    ).toFixed(0)} GiB, node ${process.version}`,
    plan: {
      resources,
      fileMiB: +(generated.bytes / 1024 / 1024).toFixed(1),
      actions: generated.actions,
      driftEntries: generated.drift,
    },
    runs,
    goals: { timeVsJsonParse: 1.5, peakRssVsFile: 2 },
    jsonParse,
    parsePlanStream: stream,
    parsePlanBuffer: buffer,
    timeVsJsonParse: {
      stream: +(stream.ms / jsonParse.ms).toFixed(2),
      buffer: +(buffer.ms / jsonParse.ms).toFixed(2),
    },
    met: {
      time: stream.ms <= 1.5 * jsonParse.ms,
      peakRss: stream.peakRssVsFile <= 2,
    },
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
