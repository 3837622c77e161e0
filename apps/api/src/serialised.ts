/**
 * Answers kept as the bytes sent and their ETag, computed once: a remembered answer of tens of
 * kilobytes is then sent without serialising or hashing it again on every request.
 */
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

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

/** Sends it as JSON; a request that already holds this ETag gets 304 Not Modified. */
export function sendSerialised(req: Request, res: Response, answer: Serialised): void {
  res.set('ETag', answer.etag);
  if (req.get('if-none-match') === answer.etag) return void res.status(304).end();
  res.type('application/json').set('Content-Length', String(answer.body.length)).end(answer.body);
}
