/**
 * One list, a page at a time: `limit` and `continue`, each page handed on as it arrives so
 * memory holds one page, not the cluster. When a continue token expires (410 Gone: etcd
 * compacted the revision the list started from), the server usually offers a token for the
 * rest of the list at a newer revision — the list then goes on, inconsistent, and says so;
 * without one, the list starts again (objects seen twice count once).
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#retrieving-large-results-sets-in-chunks
 */
import { ApiError, type ApiClient } from './api-client.js';

/** A page as the API sends it: items and the list's metadata. */
export interface ListPage {
  kind?: string;
  apiVersion?: string;
  metadata?: { continue?: string; remainingItemCount?: number; resourceVersion?: string };
  items?: unknown[];
}

export interface ListOptions {
  /** Objects per page (default 500, as kubectl uses). */
  limit: number;
  accept?: string;
  fieldSelector?: string;
  /** Called after every page with the list so far (tests force an expiry between pages). */
  afterPage?: (pages: number) => Promise<void> | void;
}

export interface ListOutcome {
  items: number;
  pages: number;
  /** The list went on from an inconsistent token after its continue token expired. */
  inconsistent: boolean;
  /** Times it started again after an expiry offered no token. */
  restarts: number;
}

const MAX_RESTARTS = 3;

/** Lists `path` page by page, giving each page to `onPage`. */
export async function listPages(
  client: ApiClient,
  path: string,
  options: ListOptions,
  onPage: (page: ListPage) => void,
): Promise<ListOutcome> {
  const outcome: ListOutcome = { items: 0, pages: 0, inconsistent: false, restarts: 0 };
  let token: string | undefined;
  for (;;) {
    const query = new URLSearchParams({ limit: String(options.limit) });
    if (options.fieldSelector) query.set('fieldSelector', options.fieldSelector);
    if (token) query.set('continue', token);
    let page: ListPage;
    try {
      page = await client.get<ListPage>(`${path}?${query}`, options.accept);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 410 || token === undefined) throw error;
      if (error.continueToken) {
        token = error.continueToken;
        outcome.inconsistent = true;
      } else {
        if (++outcome.restarts > MAX_RESTARTS) throw error;
        token = undefined;
      }
      continue;
    }
    outcome.pages++;
    outcome.items += page.items?.length ?? 0;
    onPage(page);
    await options.afterPage?.(outcome.pages);
    token = page.metadata?.continue || undefined;
    if (!token) return outcome;
  }
}
