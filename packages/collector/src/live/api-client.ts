/**
 * JSON requests to the API server with the retries a production API needs: 429 (API Priority
 * and Fairness) and 5xx are retried with exponential backoff, honouring `Retry-After`; network
 * errors too. A client-side QPS limit is available and off by default — the server's own
 * flow control is the better judge (KubeHound spends most of its collection time in its own
 * rate limiter). Every other answer is returned to the caller: a 403 is information, not an
 * error that ends the collection.
 */
import { KubepathError } from '@kubepath/model';
import type { Connection, RawResponse } from './connection.js';

export interface ApiClientOptions {
  /** Requests per second at most (0 or absent: no client-side limit). */
  qps?: number;
  /** Attempts per request for 429, 5xx and network errors (default 6). */
  attempts?: number;
  /** First backoff, doubled per attempt up to 10 s (default 250 ms). */
  backoffMs?: number;
  /** Sees every answer as received (tests prove no secret value is ever among them). */
  observe?: (path: string, response: RawResponse) => void;
}

/** An answer the caller has to judge: the status and the Kubernetes Status object, if any. */
export class ApiError extends KubepathError {
  constructor(
    readonly status: number,
    readonly path: string,
    readonly reason: string,
    /** The `metadata.continue` of a 410 Status: a token for the rest of the list, inconsistent. */
    readonly continueToken?: string,
  ) {
    super('API_SERVER', status ? `the API server answered ${path} with ${status}: ${reason}` : reason, {
      status,
      path,
    });
  }
}

export interface RequestCounts {
  requests: number;
  retries: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Seconds or an HTTP date, as Retry-After may say. */
function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.min(seconds, 60) * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, Math.min(at - Date.now(), 60_000)) : undefined;
}

/** The message of a Kubernetes Status body, or the start of whatever came back. */
function statusMessage(body: string): { message: string; continueToken?: string } {
  try {
    const status = JSON.parse(body) as {
      message?: string;
      reason?: string;
      metadata?: { continue?: string };
    };
    return {
      message: status.message ?? status.reason ?? 'no message',
      ...(status.metadata?.continue ? { continueToken: status.metadata.continue } : {}),
    };
  } catch {
    return { message: body.slice(0, 200).replace(/\s+/g, ' ') || 'empty answer' };
  }
}

export class ApiClient {
  readonly counts: RequestCounts = { requests: 0, retries: 0 };
  private nextSlot = 0;

  constructor(
    readonly connection: Connection,
    private readonly options: ApiClientOptions = {},
  ) {}

  private async throttle(): Promise<void> {
    const qps = this.options.qps ?? 0;
    if (qps <= 0) return;
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + 1000 / qps;
    if (slot > now) await sleep(slot - now);
  }

  /** The parsed JSON of a 2xx answer; an ApiError for any other final status. */
  async json<T>(
    method: 'GET' | 'POST',
    path: string,
    options: { accept?: string; body?: unknown } = {},
  ): Promise<T> {
    const attempts = this.options.attempts ?? 6;
    const backoff = this.options.backoffMs ?? 250;
    for (let attempt = 1; ; attempt++) {
      await this.throttle();
      this.counts.requests++;
      let response: RawResponse;
      try {
        response = await this.connection.request(method, path, options);
      } catch (error) {
        if (error instanceof KubepathError) throw error; // the configuration, not the network
        if (attempt >= attempts)
          throw new ApiError(0, path, `cannot reach ${this.connection.server}: ${(error as Error).message}`);
        this.counts.retries++;
        await sleep(Math.min(backoff * 2 ** (attempt - 1), 10_000));
        continue;
      }
      this.options.observe?.(path, response);
      if (response.status >= 200 && response.status < 300) return JSON.parse(response.body) as T;
      const retriable = response.status === 429 || response.status >= 500;
      if (retriable && attempt < attempts) {
        this.counts.retries++;
        const wait =
          retryAfterMs(response.headers['retry-after']) ?? Math.min(backoff * 2 ** (attempt - 1), 10_000);
        await sleep(wait);
        continue;
      }
      const { message, continueToken } = statusMessage(response.body);
      throw new ApiError(response.status, path, message, continueToken);
    }
  }

  get<T>(path: string, accept?: string): Promise<T> {
    return this.json<T>('GET', path, accept ? { accept } : {});
  }
}
