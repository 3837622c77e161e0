/**
 * Bearer tokens with two scopes: `read` (queries) and `admin` (upload, delete). Tokens are
 * kept only as SHA-256 hashes and compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { TokenEntry } from './config.js';
import { sendProblem } from './problems.js';

export type Scope = 'read' | 'admin';

interface HashedToken {
  name: string;
  scope: Scope;
  hash: Buffer;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** A fresh random token (for the demo mode's printed admin token). */
export const generateToken = () => randomBytes(24).toString('base64url');

export class TokenStore {
  private readonly tokens: HashedToken[];

  constructor(entries: readonly TokenEntry[]) {
    this.tokens = entries.map((e) => ({ name: e.name, scope: e.scope, hash: sha256(e.token) }));
  }

  get size(): number {
    return this.tokens.length;
  }

  /** The token's entry, or null. Every stored hash is compared, so timing tells nothing. */
  verify(token: string): { name: string; scope: Scope } | null {
    const hash = sha256(token);
    let found: HashedToken | null = null;
    for (const t of this.tokens) if (timingSafeEqual(t.hash, hash)) found = t;
    return found ? { name: found.name, scope: found.scope } : null;
  }
}

/** Requires a bearer token with at least `scope` (admin includes read). */
export function requireScope(tokens: TokenStore, scope: Scope): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    const who = match ? tokens.verify(match[1]!.trim()) : null;
    if (!who) {
      res.set('WWW-Authenticate', 'Bearer realm="kubepath"');
      return sendProblem(res, 401, 'unauthorized', 'a valid bearer token is required');
    }
    if (scope === 'admin' && who.scope !== 'admin')
      return sendProblem(res, 403, 'forbidden', 'this needs a token with the admin scope');
    res.locals.client = who.name;
    next();
  };
}
