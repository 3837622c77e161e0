/**
 * What an exported image says about itself: the view, the snapshot (cluster and date), the
 * exploit mode, and every what-if and filter applied, so that a picture pasted in a ticket
 * never passes for the whole cluster when it shows a what-if.
 */
import type { SnapshotInfo } from '../api/types.js';
import type { Route } from '../router.js';

type GraphRoute = Extract<Route, { view: 'paths' } | { view: 'graph' }>;

export function captionLines(
  route: GraphRoute,
  info: Pick<SnapshotInfo, 'cluster' | 'createdAt'> | null,
): string[] {
  const lines = [
    route.view === 'paths' ? `${route.from} → ${route.to}` : `neighbourhood of ${route.vertex}`,
    `${info?.cluster ?? route.snapshot}${info?.createdAt ? `, ${new Date(info.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC` : ''}`,
    `exploits: ${route.exploits ?? 'assumed'}`,
  ];
  if (route.view === 'paths') {
    for (const w of route.without)
      lines.push(`what if: without ${w.kind} ${w.namespace ? `${w.namespace}/` : ''}${w.name}`);
    for (const c of route.cut) lines.push(`what if: without the edge ${c.kind} ${c.from} → ${c.to}`);
    if (route.hide.length) lines.push(`searched without ${route.hide.join(', ')}`);
  } else if (route.hide.length) lines.push(`hidden: ${route.hide.join(', ')}`);
  if (route.namespaces.length) lines.push(`namespaces: ${route.namespaces.join(', ')}`);
  return lines;
}
