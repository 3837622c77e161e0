/**
 * Errors as RFC 9457 problem details (`application/problem+json`), one middleware for all:
 * kubepath's error codes map to HTTP statuses here, and every answer carries the request id.
 */
import type { ErrorRequestHandler, Response } from 'express';
import { KubepathError, type ErrorCode } from '@kubepath/model';
import { z } from 'zod';

/** An error the API answers with a given status. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    /** Members added to the problem document (e.g. what an upload skipped). */
    readonly extra: Record<string, unknown> = {},
    /** Response headers (Retry-After on a 503). */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
  }
}

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  INPUT_NOT_FOUND: 404,
  INPUT_UNREADABLE: 400,
  SNAPSHOT_INVALID: 400,
  OBJECT_INVALID: 400,
  ARCHIVE_UNSAFE: 400,
  NO_USABLE_INPUT: 422,
  INPUT_TOO_LARGE: 413,
  API_SERVER: 502, // a cluster kubepath collects from answered badly: a bad gateway, not a bad request
  USAGE: 400,
};

export function sendProblem(
  res: Response,
  status: number,
  title: string,
  detail?: string,
  extra: Record<string, unknown> = {},
): void {
  res
    .status(status)
    .type('application/problem+json')
    .json({
      type: 'about:blank',
      title,
      status,
      ...(detail ? { detail } : {}),
      requestId: res.locals.requestId,
      ...extra,
    });
}

export const problemHandler: ErrorRequestHandler = (error, _req, res, _next) => {
  if (error instanceof HttpProblem) {
    res.set(error.headers);
    return sendProblem(res, error.status, error.title, error.detail, error.extra);
  }
  if (error instanceof z.ZodError) {
    return sendProblem(
      res,
      400,
      'invalid request',
      error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`).join('; '),
    );
  }
  if (error instanceof KubepathError)
    return sendProblem(
      res,
      STATUS_BY_CODE[error.code],
      error.code.toLowerCase().replaceAll('_', ' '),
      error.message,
    );
  const e = error as { type?: string; status?: number };
  if (e.type === 'entity.too.large' || e.status === 413)
    return sendProblem(res, 413, 'request body too large');
  if (e.type === 'entity.parse.failed') return sendProblem(res, 400, 'invalid JSON body');
  // Other client errors raised by Express itself (a path with bad percent-encoding is a
  // URIError with status 400): the client's to fix, so answered as such and never logged.
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500)
    return sendProblem(res, e.status, e.status === 400 ? 'bad request' : 'client error');
  // Never a stack trace, never the server down: a bug is a 500 with the request id to find it.
  res.locals.logError?.(error);
  sendProblem(
    res,
    500,
    'internal error',
    'the request failed inside kubepath; the request id identifies it in the logs',
  );
};
