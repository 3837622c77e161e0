/**
 * The snapshots on the server, and a form to upload another (kubectl JSON, multi-document
 * YAML, or a dump archive) — the browser's way to `POST /api/v1/snapshots`, admin tokens only.
 * `#/` opens a lone snapshot directly; `#/snapshots` always lists.
 */
import { api, ApiError } from '../api/client.js';
import { h, link, notice } from '../dom.js';
import type { SnapshotInfo } from '../api/types.js';
import { formatRoute, type Route } from '../router.js';
import { tarGzOf } from '../tar.js';
import type { View } from './view.js';

const LAST_OPENED = 'kubepath.lastSnapshot';

/** Remembers the snapshot on screen, so that the next visit to `#/` lands on its start page. */
export function rememberSnapshot(id: string): void {
  try {
    localStorage.setItem(LAST_OPENED, id);
  } catch {
    // storage may be off (private windows): landing on the list is fine then
  }
}

function lastOpenedSnapshot(): string | null {
  try {
    return localStorage.getItem(LAST_OPENED);
  } catch {
    return null;
  }
}

/** 67108864 → "64 MiB". */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let n = bytes / 1024;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  return `${n >= 10 || Number.isInteger(n) ? Math.round(n) : n.toFixed(1)} ${units[u]}`;
}

/** The upload: one file as it is, several packed into one .tar.gz (the API reads each entry). */
async function uploadBody(files: File[]): Promise<File> {
  if (files.length === 1) return files[0]!;
  const packed = files.filter((f) => !/\.(json|ya?ml)$/i.test(f.name));
  if (packed.length)
    throw new Error(
      `${packed.map((f) => f.name).join(', ')}: only .json and .yaml files can be sent together; send an archive alone`,
    );
  return tarGzOf(files);
}

function uploadForm(navigate: (r: Route) => void, maxUploadBytes: number): HTMLElement {
  const file = h('input', {
    type: 'file',
    multiple: true,
    accept: '.json,.yaml,.yml,.gz,.tgz',
    'aria-label': 'cluster files',
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
  const tooLarge = (bytes: number) =>
    notice(
      'error',
      `That is ${sizeText(bytes)}: the server takes ${sizeText(maxUploadBytes)} at most.`,
      'Upload a .tar.gz of the same files (smaller), or load it with kubepath serve --input FILE, or the CLI.',
    );
  file.addEventListener('change', () => {
    const total = [...(file.files ?? [])].reduce((n, f) => n + f.size, 0);
    status.replaceChildren(total > maxUploadBytes ? tooLarge(total) : '');
  });
  return h(
    'form',
    {
      class: 'upload',
      onsubmit: async (ev: Event) => {
        ev.preventDefault();
        const chosen = [...(file.files ?? [])];
        if (!chosen.length) return void status.replaceChildren(notice('error', 'Choose a file first.'));
        button.disabled = true;
        try {
          const body = await uploadBody(chosen);
          if (body.size > maxUploadBytes) return void status.replaceChildren(tooLarge(body.size));
          status.replaceChildren(
            h(
              'p',
              { class: 'muted' },
              chosen.length === 1
                ? `Uploading ${body.name} (${sizeText(body.size)})…`
                : `Uploading ${chosen.length} files as one archive (${sizeText(body.size)})…`,
            ),
          );
          const answer = await api.upload(body, cluster.value.trim());
          navigate({ view: 'overview', snapshot: answer.id });
        } catch (error) {
          const e = error instanceof ApiError ? error : new ApiError(0, (error as Error).message);
          const hint =
            e.status === 403
              ? 'This token may only read: uploading needs an admin token.'
              : e.status === 413
                ? `The file is larger than the server accepts (${sizeText(maxUploadBytes)}, KUBEPATH_MAX_BODY_BYTES).`
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
      `kubectl get … -o json output, multi-document YAML, or a .tar.gz dump; several files at once become one snapshot. At most ${sizeText(maxUploadBytes)}. Secret values are dropped on arrival; documents kubepath cannot use are listed on the snapshot page.`,
    ),
    file,
    cluster,
    button,
    status,
  );
}

/** The snapshots as a table: cluster, when, how much, and delete (admin, after a confirmation). */
function snapshotTable(snapshots: SnapshotInfo[], onDeleted: () => void): HTMLElement {
  const status = h('div', { 'aria-live': 'polite' });
  const remove = async (s: SnapshotInfo, button: HTMLButtonElement) => {
    if (!confirm(`Delete the snapshot of ${s.cluster} (${s.id}) and what is kept with it?`)) return;
    button.disabled = true;
    try {
      await api.deleteSnapshot(s.id);
      onDeleted();
    } catch (error) {
      const e = error instanceof ApiError ? error : new ApiError(0, String(error));
      status.replaceChildren(
        notice(
          'error',
          `Cannot delete ${s.cluster}: ${e.title}`,
          e.status === 403 ? 'This token may only read: deleting needs an admin token.' : e.detail,
        ),
      );
      button.disabled = false;
    }
  };
  return h(
    'div',
    {},
    h(
      'table',
      { class: 'snapshot-table', 'data-testid': 'snapshot-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'cluster'),
          h('th', {}, 'taken'),
          h('th', {}, 'objects'),
          h('th', {}, 'size'),
          h('th', {}, 'id'),
          h('th', {}, ''),
        ),
      ),
      h(
        'tbody',
        {},
        snapshots.map((s) => {
          const button: HTMLButtonElement = h(
            'button',
            { type: 'button', 'data-testid': `delete-${s.id}`, onclick: () => void remove(s, button) },
            'Delete',
          );
          return h(
            'tr',
            {},
            h('td', {}, link(formatRoute({ view: 'overview', snapshot: s.id }), s.cluster)),
            h('td', {}, s.createdAt ? new Date(s.createdAt).toLocaleString() : ''),
            h('td', { class: 'num' }, s.objects.toLocaleString()),
            h('td', { class: 'num' }, s.bytes !== undefined ? sizeText(s.bytes) : ''),
            h('td', {}, h('code', { class: 'muted' }, s.id)),
            h('td', {}, button),
          );
        }),
      ),
    ),
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
  const [{ snapshots, maxUploadBytes }, { clusters }] = await Promise.all([api.snapshots(), api.clusters()]);
  // `#/` opens the snapshot last opened in this browser (or the only one); `#/snapshots` lists.
  const last = lastOpenedSnapshot();
  const landing = snapshots.length === 1 ? snapshots[0] : snapshots.find((s) => s.id === last);
  if (!all && landing) {
    navigate({ view: 'overview', snapshot: landing.id });
    return { element: h('p', {}, 'Opening…') };
  }
  const list = h('div', {});
  const render = (items: SnapshotInfo[]) =>
    list.replaceChildren(
      items.length === 0
        ? h('p', {}, 'No snapshot yet: upload one below, or start kubepath serve --input DIR.')
        : snapshotTable(items, () => void api.snapshots().then((s) => render(s.snapshots))),
    );
  render(snapshots);
  return {
    element: h(
      'section',
      { 'data-testid': 'snapshots' },
      h('h1', {}, 'Snapshots'),
      list,
      collectButtons(
        clusters.filter((c) => c.collect),
        navigate,
      ),
      uploadForm(navigate, maxUploadBytes),
    ),
  };
}
