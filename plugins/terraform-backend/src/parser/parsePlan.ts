import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import {
  AttributeChange,
  OutputChange,
  PlanCounts,
  PlanDocument,
  ResourceChange,
  ResourceDetail,
  SENSITIVE,
} from '@platform-portal/plugin-terraform-common';
import { ENGINE_SOURCE, WORKER_SOURCE } from './engineSource';
import { PlanParseError, isPlanParseErrorCode } from './PlanParseError';

/**
 * A parsed plan: the document the API serves (without its id and listing metadata) and the
 * attribute diff of every resource, computed during the parse and kept compactly (masked, changed
 * leaves only, as JSON bytes outside the JS heap), expanded on demand by {@link ParsedPlan.detail}.
 *
 * @public
 */
export type ParsedPlan = Omit<PlanDocument, 'id' | 'meta' | 'sizeBytes'> & {
  sizeBytes: number;
  /**
   * The resource at an address (of `resource_changes`, or of `resource_drift` only) with its
   * attribute diff and drift; a fresh object each call. A deposed object's address is
   * `<address> (deposed object <key>)`.
   */
  detail(address: string): ResourceDetail | undefined;
};

/** @public */
export interface ParsePlanOptions {
  /** Larger inputs are refused with `TooLarge` (a stream is stopped there). @defaultValue 256 MiB */
  maxBytes?: number;
  /**
   * Which tool made the plan, when the file does not tell. OpenTofu writes `terraform_version`
   * like Terraform does (with its own version number), so the only signal in the file is the
   * provider registry: plans whose providers come mostly from `registry.opentofu.org` are
   * OpenTofu's. Otherwise this option decides. @defaultValue 'terraform'
   */
  tool?: 'terraform' | 'opentofu';
}

/** Knobs for tests and the benchmark. */
export interface ParsePlanInternals {
  /** Force the worker (true) or the in-process path (false); default: by size. */
  worker?: boolean;
  /** Bytes per message to the worker. */
  batchBytes?: number;
}

/** Below this the whole parse takes a few milliseconds: a worker would cost more than it saves. */
export const IN_PROCESS_LIMIT_BYTES = 1024 * 1024;
/** Scanned at once on a stream, to refuse a file that is no plan before downloading it all. */
const EARLY_CHECK_BYTES = 64 * 1024;
const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
const BATCH_BYTES = 1024 * 1024;
/** Batches sent but not yet scanned; past this the input is not read further (backpressure). */
const IN_FLIGHT_BATCHES = 4;

/** What the engine (engineSource.ts) returns; the store holds each resource's diff as JSON. */
export interface EngineResult {
  formatVersion: string;
  terraformVersion?: string;
  toolSignal?: 'opentofu' | 'terraform';
  counts: PlanCounts;
  resources: ResourceChange[];
  drift: ResourceChange[];
  outputs: OutputChange[];
  errored?: boolean;
  applyable?: boolean;
  sizeBytes: number;
  store: {
    chunks: ArrayBuffer[];
    /** Per resource: chunk number (-1: no change), offset, length. */
    attrIndex: number[];
    driftIndex: number[];
  };
}

interface Engine {
  push(bytes: Uint8Array): void;
  end(): { result: EngineResult; transfer: ArrayBuffer[] };
}

type EngineFactory = (config: { sensitive: string }) => Engine;
let engineFactory: EngineFactory | undefined;

/** An engine in this thread: the very source the worker evaluates. */
export function createEngine(): Engine {
  if (!engineFactory) {
    // The engine is a string so that the worker needs no file (see engineSource.ts); the
    // in-process path evaluates the same string so both paths run identical code.
    // eslint-disable-next-line no-new-func
    engineFactory = new Function(
      `${ENGINE_SOURCE}\nreturn createEngine;`,
    )() as EngineFactory;
  }
  return engineFactory({ sensitive: SENSITIVE });
}

function toParseError(error: unknown): unknown {
  const code = (error as { planCode?: unknown } | undefined)?.planCode;
  if (isPlanParseErrorCode(code)) {
    return new PlanParseError(code, (error as Error).message);
  }
  return error;
}

function pushTo(engine: Engine, chunk: Uint8Array) {
  try {
    engine.push(chunk);
  } catch (error) {
    throw toParseError(error);
  }
}

function endOf(engine: Engine): EngineResult {
  try {
    return engine.end().result;
  } catch (error) {
    throw toParseError(error);
  }
}

/** Runs the engine over chunks in this thread (small inputs, and tests of chunk boundaries). */
export function runEngine(chunks: Iterable<Uint8Array>): EngineResult {
  const engine = createEngine();
  for (const chunk of chunks) pushTo(engine, chunk);
  return endOf(engine);
}

function tooLarge(bytes: number, maxBytes: number, whole: boolean) {
  return new PlanParseError(
    'TooLarge',
    `the plan file is larger than the limit of ${formatBytes(maxBytes)} (${
      whole ? 'it has' : 'stopped after'
    } ${formatBytes(bytes)})`,
  );
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

/**
 * Feeds a worker running the engine, in batches it owns (transferred, not copied), never more
 * than a few batches ahead of the worker: a fast input does not pile up in memory.
 */
class WorkerFeeder {
  private readonly worker: Worker;
  private readonly done: Promise<EngineResult>;
  private batch: Buffer | undefined;
  /** Batches the worker handed back, to be filled again. */
  private readonly spare: ArrayBuffer[] = [];
  private used = 0;
  private inFlight = 0;
  private failure: unknown;
  private wake: (() => void) | undefined;

  constructor(private readonly batchBytes: number) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { sensitive: SENSITIVE },
      // A hostile file must not take the backend's memory: the worker dies alone. Its objects
      // live one element long: a small young generation keeps the footprint down at no cost.
      resourceLimits: {
        maxOldGenerationSizeMb: 1024,
        maxYoungGenerationSizeMb: 8,
      },
    });
    this.done = new Promise<EngineResult>((resolve, reject) => {
      this.worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ack') {
          this.inFlight -= message.bytes;
          if (message.data.byteLength === this.batchBytes) {
            this.spare.push(message.data);
          }
          this.wakeUp();
        } else if (message.type === 'done') {
          resolve(message.result);
        } else if (message.type === 'error') {
          reject(
            isPlanParseErrorCode(message.code)
              ? new PlanParseError(message.code, message.message)
              : new Error(`The plan parser failed: ${message.message}`),
          );
        }
      });
      this.worker.on('error', (error: Error & { code?: string }) => {
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new PlanParseError(
                'TooLarge',
                'the plan is too large to read: the parser ran out of memory',
              )
            : new Error(`The plan parser failed: ${error.message}`),
        );
      });
      this.worker.on('exit', code => {
        reject(new Error(`The plan parser stopped (exit code ${code})`));
      });
    });
    // Remembered for the writer; also makes sure a failure is never an unhandled rejection.
    this.done.catch(error => {
      this.failure = error;
      this.wakeUp();
    });
  }

  private wakeUp() {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  async write(chunk: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.failure) throw this.failure;
      if (!this.batch) {
        const spare = this.spare.pop();
        this.batch = spare
          ? Buffer.from(spare)
          : Buffer.allocUnsafeSlow(this.batchBytes);
        this.used = 0;
      }
      const n = Math.min(this.batch.length - this.used, chunk.length - offset);
      this.batch.set(chunk.subarray(offset, offset + n), this.used);
      this.used += n;
      offset += n;
      if (this.used === this.batch.length) await this.flush();
    }
  }

  private async flush(): Promise<void> {
    if (this.batch && this.used > 0) {
      // allocUnsafeSlow: the batch owns its whole ArrayBuffer, which moves to the worker.
      const data = this.batch.buffer as ArrayBuffer;
      this.worker.postMessage({ type: 'chunk', data, length: this.used }, [
        data,
      ]);
      this.inFlight += this.used;
      this.batch = undefined;
      this.used = 0;
    }
    while (
      !this.failure &&
      this.inFlight > this.batchBytes * IN_FLIGHT_BATCHES
    ) {
      await new Promise<void>(resolve => {
        this.wake = resolve;
      });
    }
    if (this.failure) throw this.failure;
  }

  async finish(): Promise<EngineResult> {
    await this.flush();
    this.worker.postMessage({ type: 'end' });
    return this.done;
  }

  close() {
    this.worker.terminate().catch(() => {});
  }
}

type WorkerMessage =
  | { type: 'ack'; bytes: number; data: ArrayBuffer }
  | { type: 'done'; result: EngineResult }
  | { type: 'error'; code: string; message: string };

/**
 * Parses the output of `terraform show -json <planfile>` (Terraform or OpenTofu, format 1.x).
 *
 * Inputs under 1 MiB are parsed in this thread; larger ones in a worker thread, fed as they are
 * read (a stream is read with backpressure, never buffered whole), so a 100 MB plan neither blocks
 * the event loop nor sits in memory more than once. Rejects with {@link PlanParseError} for a
 * file that cannot be read, with the stream's own error when reading fails.
 *
 * @public
 */
export function parsePlan(
  input: Readable | Buffer,
  options: ParsePlanOptions = {},
): Promise<ParsedPlan> {
  return parsePlanWith(input, options, {});
}

export async function parsePlanWith(
  input: Readable | Buffer,
  options: ParsePlanOptions,
  internals: ParsePlanInternals,
): Promise<ParsedPlan> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const batchBytes = internals.batchBytes ?? BATCH_BYTES;

  if (Buffer.isBuffer(input)) {
    if (input.length > maxBytes) throw tooLarge(input.length, maxBytes, true);
    if (!(internals.worker ?? input.length >= IN_PROCESS_LIMIT_BYTES)) {
      return toParsedPlan(runEngine([input]), options);
    }
    const feeder = new WorkerFeeder(batchBytes);
    try {
      await feeder.write(input);
      return toParsedPlan(await feeder.finish(), options);
    } finally {
      feeder.close();
    }
  }

  if (
    !input ||
    typeof (input as Readable)[Symbol.asyncIterator] !== 'function'
  ) {
    throw new TypeError('parsePlan reads a Buffer or a Readable stream');
  }
  let feeder: WorkerFeeder | undefined;
  // The start of the input is scanned here as it arrives, so a file that is not a plan (garbage,
  // a wrong version) stops the download at once. The rest of the first MiB waits: a small input
  // is finished here, a larger one goes to the worker from byte 0.
  const engine = createEngine();
  let scanned = 0;
  const head: Buffer[] = [];
  let total = 0;
  try {
    // for-await pulls one chunk at a time (backpressure) and destroys the stream when we stop.
    for await (const piece of input) {
      const chunk = toBuffer(piece);
      total += chunk.length;
      if (total > maxBytes) throw tooLarge(total, maxBytes, false);
      if (feeder) {
        await feeder.write(chunk);
        continue;
      }
      head.push(chunk);
      if (scanned === total - chunk.length && scanned < EARLY_CHECK_BYTES) {
        pushTo(engine, chunk);
        scanned = total;
      }
      if (internals.worker ?? total >= IN_PROCESS_LIMIT_BYTES) {
        if (internals.worker === false) continue;
        feeder = new WorkerFeeder(batchBytes);
        for (const buffered of head.splice(0)) await feeder.write(buffered);
      }
    }
    if (feeder) return toParsedPlan(await feeder.finish(), options);
    let at = 0;
    for (const chunk of head) {
      if (at >= scanned) pushTo(engine, chunk);
      at += chunk.length;
    }
    return toParsedPlan(endOf(engine), options);
  } finally {
    feeder?.close();
  }
}

function toBuffer(piece: unknown): Buffer {
  if (Buffer.isBuffer(piece)) return piece;
  if (typeof piece === 'string') return Buffer.from(piece, 'utf8');
  if (piece instanceof Uint8Array) {
    return Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
  }
  throw new TypeError('parsePlan reads a stream of bytes or strings');
}

/** A stored change: [path, flags, before if flags & 1, after if flags & 2]. */
type StoredChange = [string, number, ...unknown[]];

function expand(stored: StoredChange): AttributeChange {
  const [path, flags] = stored;
  const change: AttributeChange = { path };
  let next = 2;
  /* eslint-disable no-bitwise */
  if (flags & 1) change.before = stored[next++];
  if (flags & 2) change.after = stored[next++];
  if (flags & 4) change.afterUnknown = true;
  if (flags & 8) change.sensitive = true;
  if (flags & 16) change.forcesReplacement = true;
  /* eslint-enable no-bitwise */
  return change;
}

function toParsedPlan(
  raw: EngineResult,
  options: ParsePlanOptions,
): ParsedPlan {
  const chunks = raw.store.chunks.map(data => Buffer.from(data));
  const { attrIndex, driftIndex } = raw.store;
  const read = (index: number[], i: number): AttributeChange[] => {
    const chunk = index[3 * i];
    if (chunk < 0) return [];
    const start = index[3 * i + 1];
    const text = chunks[chunk].toString(
      'utf8',
      start,
      start + index[3 * i + 2],
    );
    return (JSON.parse(text) as StoredChange[]).map(expand);
  };
  // Built on the first detail asked for: listing a plan does not need them.
  let byAddress: Map<string, number> | undefined;
  let driftByAddress: Map<string, number> | undefined;
  const indexOf = (list: ResourceChange[]) => {
    const map = new Map<string, number>();
    list.forEach((r, i) => {
      if (!map.has(r.address)) map.set(r.address, i);
    });
    return map;
  };

  const plan: ParsedPlan = {
    formatVersion: raw.formatVersion,
    ...(raw.terraformVersion !== undefined && {
      terraformVersion: raw.terraformVersion,
    }),
    tool:
      raw.toolSignal === 'opentofu' ? 'opentofu' : options.tool ?? 'terraform',
    counts: raw.counts,
    resources: raw.resources,
    drift: raw.drift,
    outputs: raw.outputs,
    ...(raw.errored !== undefined && { errored: raw.errored }),
    ...(raw.applyable !== undefined && { applyable: raw.applyable }),
    sizeBytes: raw.sizeBytes,
    detail(address: string): ResourceDetail | undefined {
      byAddress ??= indexOf(raw.resources);
      driftByAddress ??= indexOf(raw.drift);
      const i = byAddress.get(address);
      const d = driftByAddress.get(address);
      if (i !== undefined) {
        return {
          ...raw.resources[i],
          attributes: read(attrIndex, i),
          ...(d !== undefined && { drift: read(driftIndex, d) }),
        };
      }
      if (d !== undefined) {
        // Changed outside Terraform, with nothing planned for it.
        return { ...raw.drift[d], attributes: [], drift: read(driftIndex, d) };
      }
      return undefined;
    },
  };
  return plan;
}
