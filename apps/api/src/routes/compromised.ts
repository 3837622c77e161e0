/**
 * Known compromised, beside a snapshot: Falco alerts uploaded (JSON output, one alert a line)
 * and vertices marked as owned (the viewer's "mark as owned"). Stored with the snapshot; the
 * analysis worker says what each already reaches.
 */
import { parseFalcoAlerts } from '@kubepath/collector';
import express, { Router, type Request } from 'express';
import type { Deps } from '../app.js';
import { requireScope } from '../auth.js';
import { HttpProblem } from '../problems.js';
import * as s from '../schemas.js';

/** Alerts one snapshot keeps (a noisy Falco rule can raise millions). */
export const MAX_ALERTS = 100_000;
/** Skipped lines named in an answer before the count. */
const SKIPPED_LISTED = 20;

export function compromisedRoutes(deps: Deps): Router {
  const r = Router();
  const snapshotOf = (req: Request) => {
    const { id } = s.SnapshotIdParams.parse(req.params);
    if (!deps.store.info(id)) throw new HttpProblem(404, 'unknown snapshot', `no snapshot ${id}`);
    return id;
  };
  const answer = async (id: string, exploits: unknown) =>
    deps.analysis.run('compromised', id, {
      ...s.CompromisedQuery.parse({ exploits }),
      ...deps.store.compromised(id),
    });

  r.get('/snapshots/:id/compromised', requireScope(deps.tokens, 'read'), async (req, res) => {
    const id = snapshotOf(req);
    const { exploits } = s.CompromisedQuery.parse(req.query);
    const reply = await answer(id, exploits);
    res.type('application/json').send(typeof reply.body === 'string' ? reply.body : Buffer.from(reply.body));
  });

  r.post(
    '/snapshots/:id/compromised',
    requireScope(deps.tokens, 'admin'),
    // Any content type: Falco's file is served as text, NDJSON or JSON alike.
    express.text({ type: () => true, limit: deps.config.maxBodyBytes }),
    (req, res) => {
      const id = snapshotOf(req);
      const { alerts, skipped } = parseFalcoAlerts(typeof req.body === 'string' ? req.body : '');
      if (alerts.length === 0)
        throw new HttpProblem(
          422,
          'no Falco alert in the body',
          skipped[0]
            ? `Falco's JSON output holds one alert a line; ${skipped[0]}`
            : "the body is empty: send Falco's JSON output, one alert a line",
        );
      const held = deps.store.alertCount(id);
      if (held + alerts.length > MAX_ALERTS)
        throw new HttpProblem(
          413,
          'too many alerts',
          `a snapshot keeps at most ${MAX_ALERTS} alerts; it holds ${held}`,
        );
      const total = deps.store.addAlerts(id, alerts);
      res.status(201).json({
        added: alerts.length,
        alerts: total,
        skipped: skipped.slice(0, SKIPPED_LISTED),
        skippedTotal: skipped.length,
      });
    },
  );

  r.delete('/snapshots/:id/compromised', requireScope(deps.tokens, 'admin'), (req, res) => {
    deps.store.clearCompromised(snapshotOf(req));
    res.status(204).end();
  });

  r.post(
    '/snapshots/:id/owned',
    requireScope(deps.tokens, 'admin'),
    express.json({ limit: '16kb' }),
    (req, res) => {
      const id = snapshotOf(req);
      const { id: vertex } = s.OwnedBody.parse(req.body);
      deps.store.markOwned(id, vertex);
      res.status(201).json({ owned: deps.store.compromised(id).owned });
    },
  );

  r.delete('/snapshots/:id/owned', requireScope(deps.tokens, 'admin'), (req, res) => {
    const id = snapshotOf(req);
    const { id: vertex } = s.OwnedBody.parse(req.query);
    if (!deps.store.unmarkOwned(id, vertex))
      throw new HttpProblem(404, 'not marked as owned', `${vertex} is not marked as owned in ${id}`);
    res.json({ owned: deps.store.compromised(id).owned });
  });
  return r;
}
