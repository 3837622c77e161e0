/**
 * Answers kept as the bytes sent and their ETag, computed once: a remembered answer of tens of
 * kilobytes is then sent without serialising or hashing it again on every request (the routes
 * answer 304 to a client that already holds the ETag).
 */
import { createHash } from 'node:crypto';

/** An answer as the bytes sent and their ETag. */
export interface Serialised {
  body: Buffer;
  etag: string;
}

/** Serialises an answer once, with its ETag. */
export function serialised(value: unknown): Serialised {
  const body = Buffer.from(JSON.stringify(value));
  return { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
}
