/**
 * The API's side of the analysis worker (worker.ts): sends it requests, matches the answers,
 * restarts it if it dies. Every query on a snapshot goes through here, so the event loop only
 * parses requests and sends bytes, whatever the worker is building.
 */
import { Worker } from 'node:worker_threads';
import type { Snapshot } from '@kubepath/model';
import type { Config } from '../config.js';
import { HttpProblem } from '../problems.js';
import type { Operation } from './operations.js';

/** What the worker needs of the configuration. */
export type WorkerSettings = Pick<
  Config,
  'dataDir' | 'cacheEntries' | 'queryBudgetMs' | 'maxResults' | 'neo4j'
> &
  Partial<Pick<Config, 'storeAnalyses'>> & {
    /** Edges a worker's analyses may hold together (analysis-cache.ts); the pool shares the bound. */
    maxEdges?: number;
  };

/** What the pool needs of the configuration besides what each worker does. */
export type PoolSettings = WorkerSettings & Partial<Pick<Config, 'analysisWorkers' | 'analysisWaitMs'>>;

/** Seconds a client is asked to wait before asking again while an analysis runs. */
const RETRY_AFTER_S = 2;

/** Answers kept on the main thread (see AnalysisWorker.replies). */
const MAX_REPLIES = 512;
const MAX_REPLY_BYTES = 64 * 1024 * 1024;

/** The edges all analyses together may hold (a 150,000-pod snapshot has ~1.7M; ~0.5 KiB each). */
const MAX_EDGES = 8_000_000;

type Control =
  { op: 'warm'; handed?: Snapshot } | { op: 'info' } | { op: 'forget' } | { op: Operation; query: unknown };
export type AnalysisRequest = Control & { seq: number; snapshot: string };

/** An answer, as bytes or JSON text, with its ETag when it has one. */
export interface Reply {
  body: Uint8Array | string;
  etag?: string;
}

export type AnalysisMessage =
  | ({ seq: number; ok: true } & Reply)
  | { seq: number; ok: false; status: number; title: string; detail?: string }
  | { event: 'phase'; seq: number; phase: string; ms: number }
  | { event: 'built'; seconds: number }
  | { event: 'analysed'; seq: number }
  | { event: 'error'; message: string }
  | { event: 'note'; message: string }
  | { event: 'pushed'; cluster: string };

export interface AnalysisHooks {
  /** A snapshot was analysed (for the metrics and the log). */
  onBuild?: (seconds: number) => void;
  /** The worker failed unexpectedly (never sent to a client). */
  onError?: (message: string) => void;
  /** Something worth a line in the log (a stored analysis written, or not used and why). */
  onNote?: (message: string) => void;
  /** A snapshot's graph reached Neo4j. */
  onPushed?: (cluster: string) => void;
}

interface Pending {
  snapshot: string;
  resolve: (r: Reply) => void;
  reject: (e: Error) => void;
  onPhase?: ((phase: string, ms: number) => void) | undefined;
}

/** How far along the work on a snapshot is: what the viewer shows while a cold one is analysed. */
export interface Progress {
  /** `analysing`: its attack graph is being built; `waiting`: a request is in the queue or running. */
  state: 'idle' | 'waiting' | 'analysing';
  /** Since the oldest request on it still open. */
  elapsedMs: number;
  /** The phases done so far, in order, with their times. */
  phases: { phase: string; ms: number }[];
}

/** One worker thread and the requests open on it; the pool below gives it its snapshots. */
class Lane {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly pending = new Map<number, Pending>();
  /**
   * Per snapshot with requests open: since when, how many, the analysis phases seen, and
   * whether its analysis is running (phases came, and the worker has not said it is done).
   */
  private readonly work = new Map<
    string,
    { since: number; open: number; phases: Progress['phases']; building: boolean }
  >();

  constructor(
    private readonly settings: WorkerSettings,
    private readonly hooks: AnalysisHooks = {},
  ) {}

  private start(): Worker {
    // From source (npm start, tests) the entry registers tsx; a build runs worker.js directly.
    const fromSource = import.meta.url.endsWith('.ts');
    const worker = new Worker(new URL(fromSource ? './worker-entry.mjs' : './worker.js', import.meta.url), {
      workerData: this.settings,
      execArgv: fromSource ? ['--conditions=kubepath-source'] : [],
      // The CLI's --max-semi-space-size=64 for the thread that builds graphs: V8's young
      // generation is three semi-spaces (docs/performance.md: 18% off a 150,000-pod analysis).
      resourceLimits: { maxYoungGenerationSizeMb: 192 },
    });
    worker.unref(); // pending requests, not the worker, keep a process alive
    worker.on('message', (m: AnalysisMessage) => this.receive(m));
    const fail = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.hooks.onError?.(why);
      for (const p of this.pending.values()) p.reject(new HttpProblem(500, 'internal error'));
      this.pending.clear();
      this.work.clear();
    };
    worker.on('error', (e) => fail(e.stack ?? e.message));
    worker.on('exit', (code) => fail(`analysis worker exited with code ${code}`));
    return worker;
  }

  private receive(m: AnalysisMessage): void {
    if ('event' in m) {
      if (m.event === 'built') this.hooks.onBuild?.(m.seconds);
      else if (m.event === 'error') this.hooks.onError?.(m.message);
      else if (m.event === 'note') this.hooks.onNote?.(m.message);
      else if (m.event === 'pushed') this.hooks.onPushed?.(m.cluster);
      else if (m.event === 'analysed') {
        const p = this.pending.get(m.seq);
        const work = p && this.work.get(p.snapshot);
        if (work) work.building = false;
      } else {
        const p = this.pending.get(m.seq);
        const work = p && this.work.get(p.snapshot);
        if (work) {
          work.phases.push({ phase: m.phase, ms: Math.round(m.ms) });
          work.building = true;
        }
        p?.onPhase?.(m.phase, m.ms);
      }
      return;
    }
    const p = this.pending.get(m.seq);
    if (!p) return;
    this.pending.delete(m.seq);
    this.settled(p.snapshot);
    if (m.ok) p.resolve({ body: m.body, ...(m.etag ? { etag: m.etag } : {}) });
    else p.reject(new HttpProblem(m.status, m.title, m.detail));
  }

  private send(snapshot: string, control: Control, onPhase?: Pending['onPhase']): Promise<Reply> {
    this.worker ??= this.start();
    const seq = ++this.seq;
    const work = this.work.get(snapshot);
    if (work) work.open++;
    else this.work.set(snapshot, { since: performance.now(), open: 1, phases: [], building: false });
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { snapshot, resolve, reject, onPhase });
      this.worker!.postMessage({ ...control, seq, snapshot } satisfies AnalysisRequest);
    });
  }

  private settled(snapshot: string): void {
    const work = this.work.get(snapshot);
    if (work && --work.open <= 0) this.work.delete(snapshot);
  }

  /** True while the snapshot's analysis runs on this worker. */
  building(snapshot: string): boolean {
    return this.work.get(snapshot)?.building === true;
  }

  /** How far along the work on a snapshot is, answered here: the worker may be busy building it. */
  progress(snapshot: string): Progress {
    const work = this.work.get(snapshot);
    if (!work) return { state: 'idle', elapsedMs: 0, phases: [] };
    return {
      state: work.phases.length ? 'analysing' : 'waiting',
      elapsedMs: Math.round(performance.now() - work.since),
      phases: [...work.phases],
    };
  }

  /**
   * Runs a query on a snapshot (analysing it first when it is new). While the analysis runs
   * the query waits `waitMs` at most, then answers 503 with Retry-After: a client is told to
   * come back instead of holding a connection for the half minute a 150,000-pod build takes.
   * The worker goes on and keeps the analysis; the answer that comes later is dropped.
   */
  run(op: Operation, snapshot: string, query: unknown = {}, waitMs = Infinity): Promise<Reply> {
    const reply = this.send(snapshot, { op, query });
    if (!Number.isFinite(waitMs)) return reply;
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const timer = setInterval(
        () => {
          // Queued behind other work, or answering once built: wait on.
          if (performance.now() - started < waitMs || !this.building(snapshot)) return;
          clearInterval(timer);
          reject(this.stillAnalysing(snapshot));
        },
        Math.min(Math.max(waitMs, 10), 250),
      );
      reply.then(
        (r) => {
          clearInterval(timer);
          resolve(r);
        },
        (e: unknown) => {
          clearInterval(timer);
          reject(e as Error);
        },
      );
    });
  }

  private stillAnalysing(snapshot: string): HttpProblem {
    const elapsed = this.progress(snapshot).elapsedMs;
    return new HttpProblem(
      503,
      'analysis running',
      `snapshot ${snapshot} is being analysed (${(elapsed / 1000).toFixed(0)} s so far): ask again after Retry-After, or follow GET /api/v1/snapshots/${snapshot}/progress`,
      {},
      { 'Retry-After': String(RETRY_AFTER_S) },
    );
  }

  /** Analyses a snapshot now (handed over, or read from the store); resolves with the seconds it took. */
  async warm(
    snapshot: string,
    handed?: Snapshot,
    onPhase?: (phase: string, ms: number) => void,
  ): Promise<number> {
    const reply = await this.send(snapshot, { op: 'warm', ...(handed ? { handed } : {}) }, onPhase);
    return (JSON.parse(String(reply.body)) as { seconds: number }).seconds;
  }

  /** The snapshot's cluster, coverage, and what it could not see. */
  async info(snapshot: string): Promise<{ clusterInfo: unknown; coverage: unknown; gaps: unknown }> {
    return JSON.parse(String((await this.send(snapshot, { op: 'info' })).body)) as {
      clusterInfo: unknown;
      coverage: unknown;
      gaps: unknown;
    };
  }

  /** Drops a snapshot's analysis (it was deleted). */
  async forget(snapshot: string): Promise<void> {
    if (this.worker) await this.send(snapshot, { op: 'forget' });
  }

  /** Stops the worker; requests still waiting are answered 503. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    for (const p of this.pending.values()) p.reject(new HttpProblem(503, 'shutting down'));
    this.pending.clear();
    this.work.clear(); // nothing is open any more
    await worker?.terminate();
  }
}

/**
 * The analysis workers (performance issue: "a query on one snapshot never waits for another's
 * build"). Each snapshot belongs to one worker, the one holding the fewest snapshots when it
 * was first asked for, so that its analysis is built and held once; the cache bounds (entries,
 * edges) are shared out between the workers, so more workers never means more memory.
 */
export class AnalysisWorker {
  private readonly lanes: Lane[];
  private readonly laneOf = new Map<string, Lane>();
  private readonly waitMs: number;

  constructor(settings: PoolSettings, hooks: AnalysisHooks = {}) {
    const n = Math.max(1, settings.analysisWorkers ?? 1);
    const { analysisWorkers: _n, analysisWaitMs: _w, ...worker } = settings;
    const share: WorkerSettings = {
      ...worker,
      cacheEntries: Math.max(1, Math.ceil(settings.cacheEntries / n)),
      maxEdges: Math.floor((settings.maxEdges ?? MAX_EDGES) / n),
    };
    this.lanes = Array.from({ length: n }, () => new Lane(share, hooks));
    this.waitMs = settings.analysisWaitMs ?? Infinity;
  }

  private lane(snapshot: string): Lane {
    let lane = this.laneOf.get(snapshot);
    if (!lane) {
      const held = (l: Lane) => [...this.laneOf.values()].filter((x) => x === l).length;
      lane = this.lanes.reduce((best, l) => (held(l) < held(best) ? l : best));
      this.laneOf.set(snapshot, lane);
    }
    return lane;
  }

  /**
   * Answers the worker kept as bytes with an ETag (the same query on the same snapshot always
   * has the same answer), kept here too: a repeat is sent without a round trip to a worker,
   * whose queue and garbage collection were the tail of the API's latency at 50 connections
   * (performance issue). Least recently used first out, bounded by count and bytes.
   */
  private readonly replies = new Map<string, Reply>();
  private replyBytes = 0;

  /** Runs a query on a snapshot; while its analysis runs, 503 with Retry-After after the wait. */
  async run(op: Operation, snapshot: string, query: unknown = {}): Promise<Reply> {
    const key = `${snapshot}\u0000${op}\u0000${JSON.stringify(query)}`;
    const kept = this.replies.get(key);
    if (kept) {
      this.replies.delete(key);
      this.replies.set(key, kept);
      return kept;
    }
    const reply = await this.lane(snapshot).run(op, snapshot, query, this.waitMs);
    if (reply.etag) this.keep(key, reply);
    return reply;
  }

  private keep(key: string, reply: Reply): void {
    const size = reply.body.length;
    if (size > MAX_REPLY_BYTES / 8) return; // a huge answer would push out all the others
    // Two requests for one answer can both miss and both keep it: count its bytes once.
    this.replyBytes += size - (this.replies.get(key)?.body.length ?? 0);
    this.replies.set(key, reply);
    for (const [k, r] of this.replies) {
      if (this.replies.size <= MAX_REPLIES && this.replyBytes <= MAX_REPLY_BYTES) break;
      this.replies.delete(k);
      this.replyBytes -= r.body.length;
    }
  }

  warm(snapshot: string, handed?: Snapshot, onPhase?: (phase: string, ms: number) => void): Promise<number> {
    return this.lane(snapshot).warm(snapshot, handed, onPhase);
  }

  info(snapshot: string): Promise<{ clusterInfo: unknown; coverage: unknown; gaps: unknown }> {
    return this.lane(snapshot).info(snapshot);
  }

  progress(snapshot: string): Progress {
    return this.laneOf.get(snapshot)?.progress(snapshot) ?? { state: 'idle', elapsedMs: 0, phases: [] };
  }

  async forget(snapshot: string): Promise<void> {
    for (const [k, r] of this.replies)
      if (k.startsWith(`${snapshot}\u0000`)) {
        this.replies.delete(k);
        this.replyBytes -= r.body.length;
      }
    const lane = this.laneOf.get(snapshot);
    this.laneOf.delete(snapshot);
    await lane?.forget(snapshot);
  }

  async close(): Promise<void> {
    await Promise.all(this.lanes.map((l) => l.close()));
  }
}
