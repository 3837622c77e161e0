/**
 * The snapshots on the server, and a form to upload another (kubectl JSON, multi-document
 * YAML, or a dump archive) — the browser's way to `POST /api/v1/snapshots`, admin tokens only.
 * `#/` opens a lone snapshot directly; `#/snapshots` always lists.
 */
import { api, ApiError } from '../api/client.js';
import { h, link, notice } from '../dom.js';
import { formatRoute, type Route } from '../router.js';
import type { View } from './view.js';

function uploadForm(navigate: (r: Route) => void): HTMLElement {
  const file = h('input', {
    type: 'file',
    accept: '.json,.yaml,.yml,.gz,.tgz',
    'aria-label': 'cluster file',
    'data-testid': 'upload-file',
  });
  const cluster = h('input', {
    type: 'text',
    placeholder: 'cluster name (optional)',
    'aria-label': 'cluster name',
    'data-testid': 'upload-cluster',
  });
  const status = h('div', { 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', 'data-testid': 'upload' }, 'Upload and analyse');
  return h(
    'form',
    {
      class: 'upload',
      onsubmit: async (ev: Event) => {
        ev.preventDefault();
        const chosen = file.files?.[0];
        if (!chosen) return void status.replaceChildren(notice('error', 'Choose a file first.'));
        button.disabled = true;
        status.replaceChildren(h('p', { class: 'muted' }, `Uploading ${chosen.name}…`));
        try {
          const answer = await api.upload(chosen, cluster.value.trim());
          navigate({ view: 'overview', snapshot: answer.id });
        } catch (error) {
          const e = error instanceof ApiError ? error : new ApiError(0, String(error));
          const hint =
            e.status === 403
              ? 'This token may only read: uploading needs an admin token.'
              : e.status === 413
                ? 'The file is larger than the server accepts (KUBEPATH_MAX_BODY_BYTES).'
                : e.detail;
          status.replaceChildren(notice('error', `Upload refused: ${e.title}`, hint));
        } finally {
          button.disabled = false;
        }
      },
    },
    h('h2', {}, 'Upload a cluster'),
    h(
      'p',
      { class: 'muted' },
      'kubectl get … -o json output, multi-document YAML, or a .tar.gz dump. Secret values are dropped on arrival; documents kubepath cannot use are listed on the snapshot page.',
    ),
    file,
    cluster,
    button,
    status,
  );
}

/**
 * "Collect now" for each cluster the server is configured for: starts a collection
 * (`POST /api/v1/collections`, admin), shows its progress, and opens the snapshot it makes.
 */
function collectButtons(clusters: { name: string }[], navigate: (r: Route) => void): HTMLElement | null {
  if (clusters.length === 0) return null;
  const status = h('div', { 'aria-live': 'polite', 'data-testid': 'collect-status' });
  const collect = async (name: string, button: HTMLButtonElement) => {
    button.disabled = true;
    try {
      let job = await api.collect(name);
      while (job.state === 'running') {
        const listed = job.progress.reduce((n, p) => n + p.objects, 0);
        const done = job.progress.filter((p) => p.done).length;
        status.replaceChildren(
          h(
            'p',
            { class: 'muted' },
            `Collecting ${name}: ${listed.toLocaleString()} objects, ${done} kinds done…`,
          ),
        );
        await new Promise((r) => setTimeout(r, 500));
        job = await api.collection(job.id);
      }
      if (job.state === 'failed' || !job.snapshot)
        return void status.replaceChildren(notice('error', `Collecting ${name} failed`, job.error));
      navigate({ view: 'overview', snapshot: job.snapshot });
    } catch (error) {
      const e = error instanceof ApiError ? error : new ApiError(0, String(error));
      status.replaceChildren(
        notice(
          'error',
          `Collection refused: ${e.title}`,
          e.status === 403 ? 'This token may only read: collecting needs an admin token.' : e.detail,
        ),
      );
    } finally {
      button.disabled = false;
    }
  };
  return h(
    'section',
    { class: 'collect' },
    h('h2', {}, 'Collect from a cluster'),
    h(
      'p',
      { class: 'muted' },
      'Read-only (get and list); Secrets are listed as metadata only, so no value reaches kubepath.',
    ),
    ...clusters.map((c) => {
      const button: HTMLButtonElement = h(
        'button',
        { type: 'button', 'data-testid': `collect-${c.name}`, onclick: () => void collect(c.name, button) },
        `Collect ${c.name} now`,
      );
      return button;
    }),
    status,
  );
}

export async function snapshotsView(all: boolean, navigate: (r: Route) => void): Promise<View> {
  const [{ snapshots }, { clusters }] = await Promise.all([api.snapshots(), api.clusters()]);
  if (!all && snapshots.length === 1) {
    navigate({ view: 'overview', snapshot: snapshots[0]!.id });
    return { element: h('p', {}, 'Opening…') };
  }
  return {
    element: h(
      'section',
      { 'data-testid': 'snapshots' },
      h('h1', {}, 'Snapshots'),
      snapshots.length === 0
        ? h('p', {}, 'No snapshot yet: upload one below, or start `kubepath serve --input DIR`.')
        : h(
            'ul',
            {},
            snapshots.map((s) =>
              h(
                'li',
                {},
                link(formatRoute({ view: 'overview', snapshot: s.id }), `${s.cluster} (${s.id})`),
                ` — ${s.objects.toLocaleString()} objects`,
              ),
            ),
          ),
      collectButtons(
        clusters.filter((c) => c.collect),
        navigate,
      ),
      uploadForm(navigate),
    ),
  };
}
