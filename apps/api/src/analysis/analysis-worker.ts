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
>;

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
  | { event: 'error'; message: string }
  | { event: 'pushed'; cluster: string };

export interface AnalysisHooks {
  /** A snapshot was analysed (for the metrics and the log). */
  onBuild?: (seconds: number) => void;
  /** The worker failed unexpectedly (never sent to a client). */
  onError?: (message: string) => void;
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

export class AnalysisWorker {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly pending = new Map<number, Pending>();
  /** Per snapshot with requests open: since when, how many, and the analysis phases seen. */
  private readonly work = new Map<string, { since: number; open: number; phases: Progress['phases'] }>();

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
      else if (m.event === 'pushed') this.hooks.onPushed?.(m.cluster);
      else {
        const p = this.pending.get(m.seq);
        if (p) this.work.get(p.snapshot)?.phases.push({ phase: m.phase, ms: Math.round(m.ms) });
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
    else this.work.set(snapshot, { since: performance.now(), open: 1, phases: [] });
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { snapshot, resolve, reject, onPhase });
      this.worker!.postMessage({ ...control, seq, snapshot } satisfies AnalysisRequest);
    });
  }

  private settled(snapshot: string): void {
    const work = this.work.get(snapshot);
    if (work && --work.open <= 0) this.work.delete(snapshot);
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

  /** Runs a query on a snapshot (analysing it first when it is new). */
  run(op: Operation, snapshot: string, query: unknown = {}): Promise<Reply> {
    return this.send(snapshot, { op, query });
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
