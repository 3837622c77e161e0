// The viewer end to end: a real `kubepath serve` on 127.0.0.1 with the bundled demo cluster,
// driven in Debian's Chromium (headless) through playwright-core. Screenshots of every step
// land in test-results/viewer/ as artifacts.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoClusterDir, repoRoot } from '@kubepath/testkit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, ensureViewerBuilt, launchBrowser, serve, type Served } from './harness.js';
import { ViewerPage } from './viewer-page.js';

let server: Served;
let browser: Browser;

async function newViewer(): Promise<ViewerPage> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  return new ViewerPage(page, server.url);
}

/** Opens the viewer the way `kubepath serve` tells users to: with the token in the link. */
async function signedIn(): Promise<ViewerPage> {
  const v = await newViewer();
  await v.open(`#token=${encodeURIComponent(server.token)}`);
  return v;
}

describe('viewer in Chromium against kubepath serve (demo cluster)', () => {
  beforeAll(async () => {
    ensureViewerBuilt();
    server = await serve();
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('ranks fixes by what they close, lists Tier Zero apart, and switches the exploit mode in the URL', async () => {
    const v = await signedIn();
    // The CI runner's pod-creation binding closes the most pairs: it comes first.
    const firstFix = v.page.getByTestId('choke-points').getByRole('row').nth(1);
    expect(await firstFix.innerText()).toContain('RoleBinding ci/runner-build-pods');
    expect(await v.text('tier-zero')).toContain('pod:kube-system/etcd-cp-1');
    expect(await v.text('findings')).toContain('(assumes an exploit)');
    await v.page.getByTestId('exploit-mode').selectOption('none');
    await v.ready();
    expect(await v.hash()).toBe('#/s/demo/overview?exploits=none');
    expect(await v.text('findings')).not.toContain('(assumes an exploit)');
    // Links carry the mode: who can reach etcd, without exploits, lists no path that needs one.
    await v.page.getByTestId('jewels').getByRole('link', { name: 'target:etcd' }).click();
    await v.ready();
    expect(await v.hash()).toContain('exploits=none');
    expect(await v.page.getByTestId('reach-table').innerText()).not.toContain('an exploit');
    await v.screenshot('12-exploits-none');
    // Tier Zero is marked on the canvas too: the control-plane node says why it is.
    await v.open('#/s/demo/graph?vertex=node%3Acp-1');
    await v.graphReady();
    await v.clickVertex('node:cp-1');
    expect(await v.text('tier-zero-reason')).toContain('privileged by design: a control-plane node');
  });

  it('opens the start page: crown jewels, findings by severity, top choke points', async () => {
    // The demo is analysed before the server listens, so the first page needs no graph build.
    expect(server.output()).toMatch(/snapshot "demo" loaded from .* and analysed in (\d+ ms|\d+\.\d s)/);
    expect(server.output()).toContain(`open the viewer: ${server.url}/`);
    const v = await signedIn();
    expect(await v.hash()).toBe('#/s/demo/overview'); // the token left the URL; one snapshot opens itself
    expect(await v.text('jewels')).toContain('target:cluster-admin');
    expect(await v.text('severity-counts')).toMatch(/\d+\s*critical/);
    expect(await v.text('choke-points')).toContain('ClusterRoleBinding ci-deployer');
    // Honest about gaps: the demo has no ConfigMaps, so aws-auth mappings are unknown.
    expect(await v.text('coverage')).toMatch(/Not in the input[^\n]*ConfigMap/);
    // "Which binding should we fix first?": the what-if of the change closes what the row says.
    const row = v.page
      .getByTestId('choke-points')
      .getByRole('row', { name: /ClusterRoleBinding ci-deployer/ });
    const closesCell = Number(await row.getByRole('cell').nth(1).innerText());
    await row.getByTestId('fix-impact').click();
    const impact = await row.getByTestId('fix-impact-result').innerText();
    const m = /closes (\d+) of (\d+) entry → jewel pairs; findings (\d+) → (\d+)/.exec(impact);
    expect(m, impact).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(0);
    expect(Number(m![1])).toBe(closesCell);
    expect(Number(m![4])).toBeLessThan(Number(m![3]));
    expect(await row.locator('.closed-pairs li').count()).toBe(Math.min(20, closesCell));
    // Each pair it closes links to its paths as they are now.
    const pair = row.locator('.closed-pairs li a').first();
    const [entry, jewel] = (await pair.innerText()).split(' → ');
    expect(decodeURIComponent((await pair.getAttribute('href'))!)).toContain(`from=${entry}&to=${jewel}`);
    await v.screenshot('01-overview');
    // A slow what-if (the network held back 5 s here) shows its time so far and can be cancelled.
    await v.page.route('**/what-if', async (r) => {
      await new Promise((done) => setTimeout(done, 5000));
      await r.continue().catch(() => {});
    });
    const other = v.page.getByTestId('choke-points').getByRole('row').nth(2);
    await other.getByTestId('fix-impact').click();
    await other.getByTestId('fix-impact-working').waitFor();
    await other.getByRole('button', { name: 'Cancel' }).click();
    await other.getByRole('button', { name: 'What would it close?' }).waitFor();
    expect(await other.getByTestId('fix-impact-result').count()).toBe(0);
    await v.page.unroute('**/what-if');
    // A choke point opens the paths behind it in one click.
    await v.page.getByTestId('choke-points').getByRole('link').first().click();
    await v.ready();
    await v.graphReady();
    expect(await v.hash()).toMatch(/^#\/s\/demo\/paths\?from=/);
    expect(await v.page.getByTestId('path-list').locator('li').count()).toBeGreaterThan(0);
    expect(v.problems).toEqual([]);
  });

  it('searches a service account, opens its path to cluster-admin, and shows the evidence of a step', async () => {
    const v = await signedIn();
    await v.search('ci runner', 'sa:ci/runner');
    expect(await v.hash()).toBe('#/s/demo/blast?source=sa%3Aci%2Frunner');
    await v.screenshot('02-blast-radius');
    await v.page
      .getByTestId('reach-table')
      .getByRole('link', { name: 'target:cluster-admin', exact: true })
      .click();
    await v.ready();
    await v.graphReady();
    // The list names what the path passes through; the edge kinds are on hover.
    expect(await v.text('path-list')).toContain(
      'service account ci/runner → RoleBinding ci/runner-build-pods',
    );
    await v.hoverEdge('POD_CREATE');
    expect(await v.page.getByTestId('canvas').getAttribute('title')).toBe(
      'POD_CREATE (cost 1): RoleBinding ci/runner-build-pods /roleRef',
    );
    await v.clickEdge('POD_CREATE');
    const panel = await v.text('evidence-panel');
    expect(panel).toContain('POD_CREATE');
    expect(panel).toContain('RoleBinding ci/runner-build-pods'); // the object…
    expect(panel).toContain('roleRef'); // …and the field
    expect(panel).toContain('Role ci/build-pods');
    expect(await v.text('mitre')).toMatch(/^T\d{4}/);
    expect((await v.text('remediation')).length).toBeGreaterThan(20);
    // Each item shows the value at its field: the role's rule with its verbs, the binding's roleRef.
    const values = v.page.getByTestId('evidence-value');
    await v.page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid=evidence-value]')].every((e) => e.textContent !== '…'),
    );
    const shown = (await values.allInnerTexts()).join('\n');
    expect(shown).toContain('name: build-pods');
    expect(shown).toMatch(/verbs:\s+- create/);
    expect(panel).toContain('rules › 0');
    await v.screenshot('03-path-evidence');
    // "View object": the whole object as YAML, the field highlighted.
    await v.page.getByTestId('view-object').first().click();
    const drawer = v.page.getByTestId('object-drawer');
    await drawer.waitFor();
    expect(await drawer.locator('h2').innerText()).toBe('RoleBinding ci/runner-build-pods');
    const hit = (await drawer.locator('.line.hit').allInnerTexts()).join('\n');
    expect(hit).toMatch(/roleRef:/);
    expect(hit).toMatch(/name: build-pods/);
    expect(hit).not.toMatch(/subjects/);
    expect(await drawer.locator('.line').count()).toBeGreaterThan(await drawer.locator('.line.hit').count());
    await v.screenshot('03b-view-object');
    await v.page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    // The step is part of the URL: the link opens on the same evidence.
    const link = await v.hash();
    expect(decodeURIComponent(link)).toContain('"kind":"POD_CREATE"');
    await v.open('#/s/demo/overview');
    await v.open(link);
    await v.graphReady();
    expect(await v.text('evidence-panel')).toContain('RoleBinding ci/runner-build-pods');
    expect(v.problems).toEqual([]);
  });

  it('filters by edge kind, keeps the filter in the URL, and a deep link restores it', async () => {
    const v = await signedIn();
    await v.open('#/s/demo/paths?from=sa%3Aci%2Frunner&to=target%3Acluster-admin');
    await v.graphReady();
    expect(await v.visibleEdgeKinds()).toContain('POD_CREATE_AS_SA');
    const through = async () =>
      (
        await v.page.locator('.path-button').evaluateAll((b) => b.map((x) => x.getAttribute('title') ?? ''))
      ).filter((t) => t.includes('POD_CREATE_AS_SA')).length;
    expect(await through()).toBeGreaterThan(0);
    await v.page.getByTestId('edge-filter').locator('summary').click();
    await v.page.getByTestId('edge-filter').getByLabel('POD_CREATE_AS_SA').uncheck();
    // The filter re-runs the query: the paths through that kind are gone, others found instead.
    await v.page.waitForFunction(() => location.hash.includes('hide=POD_CREATE_AS_SA'));
    await v.ready();
    await v.graphReady();
    expect(await through()).toBe(0);
    expect(await v.page.locator('.path-button').count()).toBeGreaterThan(0);
    expect(await v.page.locator('.notice-info').allInnerTexts()).toContainEqual(
      expect.stringContaining('Searched without POD_CREATE_AS_SA'),
    );
    expect(await v.visibleEdgeKinds()).not.toContain('POD_CREATE_AS_SA');
    expect(await v.visibleEdgeKinds()).toContain('POD_CREATE');
    const hash = await v.hash();
    expect(hash).toContain('hide=POD_CREATE_AS_SA');
    await v.screenshot('04-edge-filter');

    // A colleague opens the link in a new tab: asked for the token, then straight to the view.
    const again = await newViewer();
    await again.open(hash);
    await again.page.getByTestId('token').fill(server.token);
    await again.page.getByTestId('sign-in').click();
    await again.graphReady();
    expect(await again.hash()).toBe(hash);
    expect(await again.visibleEdgeKinds()).not.toContain('POD_CREATE_AS_SA');
    await again.page.getByTestId('edge-filter').locator('summary').click();
    expect(await again.page.getByTestId('edge-filter').getByLabel('POD_CREATE_AS_SA').isChecked()).toBe(
      false,
    );
    await again.screenshot('05-deep-link');
    expect([...v.problems, ...again.problems]).toEqual([]);
  });

  it('neighbourhood: alike leaves are one counted node that opens on click, and the count is the true size', async () => {
    const v = await signedIn();
    await v.open('#/s/demo/graph?vertex=group%3Asystem%3Aserviceaccounts&depth=1');
    await v.graphReady();
    const folded = await v.page.evaluate(() =>
      (window as unknown as { kubepathViewer: { cy: import('cytoscape').Core } }).kubepathViewer.cy
        .nodes('.folded')
        .map((n) => ({ id: n.id(), label: n.data('display') as string, count: n.data('count') as number })),
    );
    expect(folded).toHaveLength(1);
    expect(folded[0]!.label).toMatch(/^\d+ service accounts \(click to open\)$/);
    expect(folded[0]!.count).toBeGreaterThanOrEqual(8);
    // The service accounts are not drawn one by one yet, but the counter counts them.
    expect((await v.visibleVertices()).map((n) => n.id)).not.toContain('sa:ci/runner');
    expect(await v.text('graph-status')).toMatch(new RegExp(`^${folded[0]!.count + 1} vertices`));
    await v.screenshot('19-folded-neighbourhood');
    await v.clickVertex(folded[0]!.id);
    await v.page.locator('.notice-info', { hasText: 'Opened' }).waitFor();
    const opened = (await v.visibleVertices()).map((n) => n.id);
    expect(opened).toContain('sa:ci/runner');
    expect(opened.filter((id) => id.startsWith('sa:'))).toHaveLength(folded[0]!.count);
    // A neighbourhood the cap cuts short says how large it really is.
    await v.open('#/s/demo/graph?vertex=group%3Asystem%3Aserviceaccounts&depth=2&limit=20');
    await v.graphReady();
    const status = await v.text('graph-status');
    const [, shown, total] = /^(\d+) vertices, \d+ edges shown of (\d+)/.exec(status)!;
    expect(Number(total)).toBeGreaterThan(Number(shown));
    expect(v.problems).toEqual([]);
  });

  it('neighbourhood: filters by namespace and grows on demand (expand neighbours)', async () => {
    const v = await signedIn();
    await v.open('#/s/demo/graph?vertex=target%3Acluster-admin');
    await v.graphReady();
    const before = await v.visibleVertices();
    expect(before.map((n) => n.id)).toContain('clusterbinding:ci-deployer');
    expect(before.map((n) => n.id)).not.toContain('sa:ci/deployer');
    await v.clickVertex('clusterbinding:ci-deployer');
    expect(await v.text('vertex-panel')).toContain('clusterbinding:ci-deployer');
    await v.page.getByTestId('expand').click();
    await v.page.locator('.notice-info', { hasText: 'Expanded clusterbinding:ci-deployer' }).waitFor();
    await v.clickVertex('clusterbinding:ops-admin');
    await v.page.getByTestId('expand').click();
    await v.page.locator('.notice-info', { hasText: 'Expanded clusterbinding:ops-admin' }).waitFor();
    const after = await v.visibleVertices();
    // The bindings' subjects, one step out.
    expect(after.map((n) => n.id)).toEqual(
      expect.arrayContaining(['sa:ci/deployer', 'sa:kube-system/ops-admin']),
    );
    const namespaces = [...new Set(after.map((n) => n.namespace).filter(Boolean))];
    expect(namespaces).toContain('ci');
    expect(namespaces.length).toBeGreaterThan(1);
    // Keep only namespace ci: namespaced vertices elsewhere go, cluster-scoped ones stay.
    await v.page.getByTestId('namespace-filter').locator('summary').click();
    for (const ns of namespaces.filter((n) => n !== 'ci'))
      await v.page.getByTestId('namespace-filter').getByLabel(ns!, { exact: true }).uncheck();
    const filtered = await v.visibleVertices();
    expect(filtered.every((n) => n.namespace === undefined || n.namespace === 'ci')).toBe(true);
    expect(filtered.some((n) => n.namespace === 'ci')).toBe(true);
    expect(decodeURIComponent(await v.hash())).toContain('ns=ci');
    await v.screenshot('08-neighbourhood');
    // The arrows walk the vertices, the focus first.
    await v.page.getByTestId('canvas').focus();
    // (the panel's own id: its entity part lists the jewels a vertex reaches, cluster-admin too)
    const panelId = () => v.page.getByTestId('vertex-panel').locator('> p > code').first().innerText();
    await v.page.keyboard.press('ArrowRight');
    expect(await panelId()).toBe('target:cluster-admin');
    await v.page.keyboard.press('ArrowRight');
    expect(await panelId()).not.toBe('target:cluster-admin');
    // Around a node, its pods are drawn as boxes holding their containers (drawn again when
    // grouping is switched off and on: the canvas is rebuilt on the same page without errors).
    await v.open('#/s/demo/graph?vertex=node%3Acp-1');
    await v.graphReady();
    const group = v.page.getByLabel('group by namespace and pod');
    await group.uncheck();
    await v.graphReady();
    expect(await v.parentOf('container:kube-system/etcd-cp-1/etcd')).toBeNull();
    await group.check();
    await v.graphReady();
    await v.clickVertex('node:cp-1');
    expect(await v.text('vertex-panel')).toContain('node:cp-1');
    expect(await v.parentOf('container:kube-system/etcd-cp-1/etcd')).toBe('pod:kube-system/etcd-cp-1');
    expect(await v.parentOf('pod:kube-system/etcd-cp-1')).toBe('kubepath-ns:kube-system');
    await v.screenshot('09-pods-as-boxes');
    expect(v.problems).toEqual([]);
  });

  it('marks a container as owned, and the start page leads with what it reaches; Falco alerts add to it', async () => {
    const v = await signedIn();
    expect(await v.text('compromised')).toContain('Known compromised: none');
    const grafana = 'container:monitoring/Deployment.grafana/grafana';
    await v.open(`#/s/demo/graph?vertex=${encodeURIComponent(grafana)}`);
    await v.graphReady();
    await v.clickVertex(grafana);
    const toggle = v.page.getByTestId('mark-owned');
    await v.page.waitForFunction(
      () => !document.querySelector<HTMLButtonElement>('[data-testid=mark-owned]')?.disabled,
    );
    expect(await toggle.innerText()).toBe('Mark as owned');
    await toggle.click();
    await v.page.getByTestId('mark-owned').filter({ hasText: 'Owned: take the mark back' }).waitFor();
    await v.open('#/s/demo/overview');
    await v.ready();
    const first = v.page.getByTestId('compromised-vertex').first();
    expect(await first.innerText()).toMatch(
      /container:monitoring\/Deployment\.grafana\/grafana — 1 alert: marked as owned[\s\S]*reaches target:cluster-admin at cost 3/,
    );
    // The section comes before the findings: an attacker is already there.
    const order = await v.page.evaluate(() =>
      [...document.querySelectorAll('[data-testid]')].map((e) => e.getAttribute('data-testid')),
    );
    expect(order.indexOf('compromised')).toBeLessThan(order.indexOf('severity-counts'));
    await v.page.getByTestId('falco-upload').setInputFiles({
      name: 'falco-alerts.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: readFileSync(join(repoRoot(), 'examples', 'demo-evidence', 'falco-alerts.jsonl')),
    });
    await v.page.getByTestId('compromised-unmatched').waitFor();
    expect(await v.page.getByTestId('compromised-vertex').first().innerText()).toContain(
      '2 alerts: marked as owned, Terminal shell in container',
    );
    expect(await v.text('compromised-unmatched')).toContain(
      'line 2 (Read sensitive file untrusted) names pod finance/',
    );
    expect(await v.text('compromised')).not.toContain('/etc/shadow');
    await v.screenshot('13-known-compromised');
    await fetch(`${server.url}/api/v1/snapshots/demo/compromised`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${server.token}` },
    });
    expect(v.problems).toEqual([]);
  });

  it('what if I remove the binding: the query re-runs without it, and the URL says so', async () => {
    const v = await signedIn();
    await v.open('#/s/demo/paths?from=sa%3Aci%2Frunner&to=target%3Acluster-admin');
    await v.graphReady();
    await v.clickEdge('POD_CREATE');
    await v.page.getByRole('button', { name: 'What if I remove RoleBinding ci/runner-build-pods' }).click();
    await v.ready();
    expect(decodeURIComponent(await v.hash())).toContain('"name":"runner-build-pods"');
    expect(await v.text('what-if')).toContain('without RoleBinding ci/runner-build-pods');
    // sa:ci/runner holds no other permission: removing its binding closes every path.
    expect(await v.page.locator('.notice-info').innerText()).toContain('No path from sa:ci/runner');
    await v.screenshot('06-what-if');
    await v.page.getByRole('button', { name: 'Reset' }).click();
    await v.ready();
    await v.graphReady();
    expect(await v.text('path-list')).toContain('→ cluster-admin');
    expect(v.problems).toEqual([]);
  });

  it('reads paths by what they pass through, joins alike ones, and dashes the exploit steps', async () => {
    const v = await signedIn();
    await v.open('#/s/demo/paths?from=external%3Ainternet&to=target%3Aetcd&k=10');
    await v.graphReady();
    const groups = v.page.getByTestId('path-group');
    const first = await groups.first().innerText();
    expect(first).toMatch(/^cost \d+/);
    expect(first).toContain('the internet → Service ');
    expect(first).toContain('assumes an exploit');
    expect(first).toMatch(/→ etcd$/m);
    // Ten paths, fewer lines: the paths that differ in one vertex (or a pod and its container) are one.
    const lines = await groups.count();
    const variants = await v.page.locator('.variant').count();
    expect(lines).toBeLessThan(10);
    expect(variants).toBeGreaterThan(0);
    expect(await v.page.locator('.path-list').innerText()).toMatch(/ or /);
    // The exploit steps are dashed and say they are assumed; other steps are solid.
    const looks = await v.page.evaluate(() => {
      const cy = (window as unknown as { kubepathViewer: { cy: import('cytoscape').Core } }).kubepathViewer
        .cy;
      return cy.edges().map((e) => ({
        kind: e.data('kind') as string,
        style: e.style('line-style') as string,
        label: e.style('label') as string,
      }));
    });
    const exploits = looks.filter((l) => l.kind === 'ENDPOINT_EXPLOIT');
    expect(exploits.length).toBeGreaterThan(0);
    expect(exploits.every((l) => l.style === 'dashed' && l.label === 'ENDPOINT_EXPLOIT (assumed)')).toBe(
      true,
    );
    expect(looks.filter((l) => l.kind === 'IDENTITY_ASSUME').every((l) => l.style === 'solid')).toBe(true);
    // Labels are drawn at a zoom where they read (11 px text at 0.8 or more).
    expect(
      await v.page.evaluate(() =>
        (window as unknown as { kubepathViewer: { cy: import('cytoscape').Core } }).kubepathViewer.cy.zoom(),
      ),
    ).toBeGreaterThanOrEqual(0.8);
    await v.screenshot('14-readable-paths');
    expect(v.problems).toEqual([]);
  });

  it('entity panel of a service account: its bindings and rules, the pods running as it, the jewels it reaches', async () => {
    const v = await signedIn();
    await v.open('#/s/demo/graph?vertex=sa%3Amonitoring%2Fgrafana&depth=1');
    await v.graphReady();
    await v.clickVertex('sa:monitoring/grafana');
    const entity = v.page.getByTestId('entity');
    await v.page.getByTestId('entity-sections').waitFor();
    expect(await v.text('entity-grants')).toMatch(
      /binding:monitoring\/grafana-debug-agents grants Role monitoring\/debug-agents:[\s\S]*create pods\/exec/,
    );
    expect(await v.text('entity-jewels')).toMatch(/target:etcd — cost \d+/);
    const running = entity.locator('.entity-section[data-kind=IDENTITY_ASSUME][data-direction=in]');
    expect(await running.locator('summary').innerText()).toBe('running as it ← IDENTITY_ASSUME (1)');
    await running.locator('summary').click();
    expect(await running.locator('li').first().innerText()).toContain(
      'container:monitoring/Deployment.grafana/grafana',
    );
    const groups = entity.locator('.entity-section[data-kind=MEMBER_OF]');
    expect(await groups.locator('summary').innerText()).toBe('member of → MEMBER_OF (3)');
    await v.screenshot('16-entity-panel');
    // A jewel opens the paths from the account to it.
    await v.page.getByTestId('entity-jewels').getByRole('link', { name: 'target:etcd' }).click();
    await v.ready();
    expect(decodeURIComponent(await v.hash())).toContain('from=sa:monitoring/grafana&to=target:etcd');
    // The object behind a container vertex, with its security-relevant fields.
    await v.open('#/s/demo/graph?vertex=container%3Amonitoring%2FDaemonSet.node-agent%2Fagent&depth=1');
    await v.graphReady();
    await v.clickVertex('container:monitoring/DaemonSet.node-agent/agent');
    await v.page.getByTestId('entity-properties').waitFor();
    const props = await v.text('entity-properties');
    expect(props).toMatch(/privileged\s+true/);
    expect(props).toMatch(/hostPath volumes\s+\//);
    await v.page.getByTestId('entity-object').click();
    expect(await v.page.getByTestId('object-drawer').locator('h2').innerText()).toBe(
      'DaemonSet monitoring/node-agent',
    );
    expect(v.problems).toEqual([]);
  });

  it('pre-built queries on the start page: counts, first answers, and each opens its search', async () => {
    const v = await signedIn();
    await v.open('#/s/demo/overview');
    const admins = v.page.getByTestId('query-cluster-admin-accounts');
    await admins.waitFor();
    expect(await admins.locator('summary').innerText()).toMatch(
      /^2\s+Service accounts that are cluster-admin$/,
    );
    await admins.locator('summary').click();
    expect(await admins.innerText()).toContain('sa:ci/deployer — cost 0');
    const escapes = v.page.getByTestId('query-node-escapes');
    await escapes.locator('summary').click();
    expect(await escapes.innerText()).toMatch(/container:monitoring\/DaemonSet\.node-agent[^\n]*CE_NSENTER/);
    await v.page.getByTestId('prebuilt-queries').scrollIntoViewIfNeeded();
    await v.screenshot('18-prebuilt-queries');
    // The whole answer is the engine's own search.
    await admins.getByRole('link', { name: 'The whole answer' }).click();
    await v.ready();
    expect(decodeURIComponent(await v.hash())).toBe('#/s/demo/reach?target=target:cluster-admin');
    expect(v.problems).toEqual([]);
  });

  it('pathfinding picker: set a start and an end from any vertex, then find the paths between them', async () => {
    const v = await signedIn();
    await v.open('#/s/demo/graph?vertex=sa%3Aci%2Frunner&depth=1');
    await v.graphReady();
    expect(await v.page.getByTestId('path-picker').isHidden()).toBe(true);
    await v.clickVertex('sa:ci/runner');
    await v.page.getByTestId('set-from').click();
    expect(await v.text('picked-from')).toBe('sa:ci/runner');
    expect(await v.page.getByTestId('find-paths').isDisabled()).toBe(true);
    // The start stays while moving to another view.
    await v.open('#/s/demo/graph?vertex=target%3Aetcd&depth=1');
    await v.graphReady();
    expect(await v.text('picked-from')).toBe('sa:ci/runner');
    await v.clickVertex('target:etcd');
    await v.page.getByTestId('set-to').click();
    expect(await v.text('picked-to')).toBe('target:etcd');
    await v.screenshot('17-path-picker');
    await v.page.getByTestId('find-paths').click();
    await v.ready();
    await v.graphReady();
    expect(decodeURIComponent(await v.hash())).toContain('paths?from=sa:ci/runner&to=target:etcd');
    expect(await v.page.getByTestId('path-group').count()).toBeGreaterThan(0);
    expect(await v.text('path-list')).toMatch(/^cost \d+[\s\S]*service account ci\/runner/);
    // A start can be cleared.
    await v.page.getByRole('button', { name: 'clear the start' }).click();
    expect(await v.page.getByTestId('picked-from').count()).toBe(0);
    expect(v.problems).toEqual([]);
  });

  it('steps along the path with the keyboard and exports PNG and JSON', async () => {
    const v = await signedIn();
    await v.open('#/s/demo/paths?from=sa%3Aci%2Frunner&to=target%3Acluster-admin&k=1');
    await v.graphReady();
    await v.page.getByTestId('canvas').focus();
    await v.page.keyboard.press('ArrowRight');
    expect(await v.text('evidence-panel')).toContain('PERMISSION_DISCOVER');
    await v.page.keyboard.press('ArrowRight');
    expect(await v.text('evidence-panel')).toContain('POD_CREATE');
    const [json] = await Promise.all([
      v.page.waitForEvent('download'),
      v.page.getByTestId('export-json').click(),
    ]);
    const exported = JSON.parse(readFileSync((await json.path())!, 'utf8'));
    expect(exported.paths).toHaveLength(1);
    expect(exported.elements.edges.map((e: { data: { kind: string } }) => e.data.kind)).toContain(
      'CLUSTER_ADMIN',
    );
    // The API's element shapes, without the viewer's drawing helpers.
    expect(Object.keys(exported.elements.nodes[0].data)).not.toContain('display');
    expect(Object.keys(exported.elements.edges[0].data)).not.toContain('colour');
    const [png] = await Promise.all([
      v.page.waitForEvent('download'),
      v.page.getByTestId('export-png').click(),
    ]);
    const bytes = readFileSync((await png.path())!);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    // The drawing plus a 640-pixel legend and caption column (scale 2).
    expect(bytes.readUInt32BE(16)).toBeGreaterThan(640);
    writeFileSync(join(artifactsDir, '11-export.png'), bytes);
    expect(v.problems).toEqual([]);
  });

  it('uploads a cluster from the browser, opens it, and lists every snapshot', async () => {
    const v = await signedIn();
    await v.page.getByRole('link', { name: 'Snapshots', exact: true }).click();
    await v.ready();
    expect(await v.hash()).toBe('#/snapshots'); // listed even though there is only one
    // One good file and one broken document: the good part loads, the rest is named.
    const yaml = `${readFileSync(join(demoClusterDir(), 'ci', 'ci.yaml'), 'utf8')}\n---\napiVersion: v1\nkind: Pod\nmetadata: { name: broken, namespace: ci }\nspec: 42\n`;
    await v.page.getByTestId('upload-file').setInputFiles({
      name: 'staging.yaml',
      mimeType: 'application/yaml',
      buffer: Buffer.from(yaml),
    });
    await v.page.getByTestId('upload-cluster').fill('staging');
    await v.screenshot('12-upload');
    await v.page.getByTestId('upload').click();
    await v.page.waitForFunction(() => /^#\/s\/[0-9a-f-]{36}\/overview$/.test(location.hash));
    await v.ready();
    const id = /#\/s\/([0-9a-f-]+)\//.exec(await v.hash())![1]!;
    expect(await v.page.locator('h1').innerText()).toBe('Cluster staging');
    expect(await v.text('findings')).toBe('No finding: no entry point reaches a crown jewel.');
    expect(await v.text('coverage')).toMatch(
      /Skipped 1 document\(s\) or object\(s\):[\s\S]*upload \(yaml\)[\s\S]*Pod ci\/broken/,
    );
    await v.page.getByTestId('coverage').scrollIntoViewIfNeeded();
    await v.screenshot('10-coverage');
    // With two snapshots, `#/` lands on the one opened last (its start page); the list has both.
    await v.open('#/');
    await v.page.waitForFunction((s) => location.hash === `#/s/${s}/overview`, id);
    await v.ready();
    expect(await v.page.locator('h1').innerText()).toBe('Cluster staging');
    await v.open('#/snapshots');
    const table = await v.text('snapshot-table');
    expect(table).toContain('staging');
    expect(table).toContain(id);
    await v.page
      .getByTestId('snapshot-table')
      .getByRole('link', { name: 'demo-cluster', exact: true })
      .click();
    await v.ready();
    expect(await v.page.locator('h1').innerText()).toBe('Cluster demo-cluster');
    // The header names the snapshot by its cluster, not its id.
    await v.page.waitForFunction(() =>
      document.querySelector('[data-testid=header-snapshot]')?.textContent?.startsWith('demo-cluster · '),
    );
    await fetch(`${server.url}/api/v1/snapshots/${id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${server.token}` },
    });
    expect(v.problems).toEqual([]);
  });

  it('uploads several files as one snapshot, states the size limit, and deletes a snapshot after asking', async () => {
    const v = await signedIn();
    await v.open('#/snapshots');
    expect(await v.page.locator('form.upload').innerText()).toMatch(/At most \d+ MiB/);
    const files = ['ci/ci.yaml', 'shop/storefront.yaml'].map((f) => ({
      name: f.split('/')[1]!,
      mimeType: 'application/yaml',
      buffer: readFileSync(join(demoClusterDir(), f)),
    }));
    await v.page.getByTestId('upload-file').setInputFiles(files);
    await v.page.getByTestId('upload-cluster').fill('two-files');
    await v.page.getByTestId('upload').click();
    await v.page.waitForFunction(() => /^#\/s\/[0-9a-f-]{36}\/overview$/.test(location.hash));
    await v.ready();
    const id = /#\/s\/([0-9a-f-]+)\//.exec(await v.hash())![1]!;
    // Both files are in it: a namespace of each.
    const info = (await (
      await fetch(`${server.url}/api/v1/snapshots/${id}`, {
        headers: { Authorization: `Bearer ${server.token}` },
      })
    ).json()) as { cluster: string; coverage: { resources: { kind: string; count: number }[] } };
    expect(info.cluster).toBe('two-files');
    const reach = (await (
      await fetch(`${server.url}/api/v1/snapshots/${id}/search?q=storefront`, {
        headers: { Authorization: `Bearer ${server.token}` },
      })
    ).json()) as { matches: { id: string }[] };
    expect(reach.matches.map((m) => m.id)).toContain('sa:shop/storefront');
    const runner = (await (
      await fetch(`${server.url}/api/v1/snapshots/${id}/search?q=runner`, {
        headers: { Authorization: `Bearer ${server.token}` },
      })
    ).json()) as { matches: { id: string }[] };
    expect(runner.matches.map((m) => m.id)).toContain('sa:ci/runner');
    // Delete, after the browser asks; a dismissed question deletes nothing.
    await v.open('#/snapshots');
    v.page.once('dialog', (d) => void d.dismiss());
    await v.page.getByTestId(`delete-${id}`).click();
    expect(await v.text('snapshot-table')).toContain(id);
    v.page.once('dialog', (d) => void d.accept());
    await v.page.getByTestId(`delete-${id}`).click();
    await v.page.waitForFunction((gone) => !document.body.innerText.includes(gone), id);
    await v.screenshot('15-snapshot-list');
    expect(
      (
        await fetch(`${server.url}/api/v1/snapshots/${id}`, {
          headers: { Authorization: `Bearer ${server.token}` },
        })
      ).status,
    ).toBe(404);
    expect(v.problems).toEqual([]);
  });

  it('refuses an upload from a read-only token, saying why', async () => {
    const reader = await newViewer();
    await reader.open('#/snapshots');
    await reader.page.getByTestId('token').fill(server.readToken);
    await reader.page.getByTestId('sign-in').click();
    await reader.ready();
    await reader.page.getByTestId('upload-file').setInputFiles({
      name: 'x.yaml',
      mimeType: 'application/yaml',
      buffer: Buffer.from('apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: a, namespace: b }\n'),
    });
    await reader.page.getByTestId('upload').click();
    expect(await reader.page.getByRole('alert').innerText()).toContain('uploading needs an admin token');
  });

  it('never shows or receives a secret value (the demo cluster holds fake-demo-… values)', async () => {
    const v = await signedIn();
    const seen: string[] = [];
    v.page.on(
      'response',
      (r) =>
        void r.text().then(
          (t) => seen.push(t),
          () => {},
        ),
    );
    for (const hash of [
      '#/s/demo/overview',
      '#/s/demo/reach?target=secret%3Ashop%2Fshop-db',
      '#/s/demo/graph?vertex=secret%3Ashop%2Fshop-db&depth=2',
      '#/s/demo/blast?source=container%3Aci%2FDeployment.runner%2Frunner',
      '#/s/demo/paths?from=container%3Amonitoring%2FDeployment.grafana%2Fgrafana&to=target%3Aetcd',
    ]) {
      await v.open(hash);
      expect(await v.page.getByRole('alert').count(), hash).toBe(0);
      seen.push(await v.page.content());
    }
    // Every step's evidence objects, each opened in the drawer (the grafana Deployment has an env
    // var whose value is a fake-demo password: the snapshot never kept it).
    await v.graphReady();
    const edges = await v.edgeCount();
    for (let i = 0; i < edges; i++) {
      await v.clickEdgeNumber(i);
      if (!(await v.page.getByTestId('evidence-panel').count())) continue; // the click met a vertex
      // Wait for every item's value (or its failure) before counting the buttons.
      await v.page.waitForFunction(() =>
        [...document.querySelectorAll('[data-testid=evidence-value]')].every((e) => e.textContent !== '…'),
      );
      const buttons = v.page.getByTestId('view-object');
      for (let b = 0; b < (await buttons.count()); b++) {
        await buttons.nth(b).click();
        await v.page.getByTestId('object-drawer').waitFor();
        seen.push(await v.page.content());
        await v.page.getByTestId('close-drawer').click();
      }
    }
    expect(seen.join('\n')).toContain('GF_SECURITY_ADMIN_PASSWORD');
    await v.page.waitForLoadState('networkidle');
    const everything = seen.join('\n');
    expect(everything).toContain('shop-db'); // the secret's name is there…
    for (const value of ['fake-demo-', 'ZmFrZS1kZW1v']) expect(everything).not.toContain(value); // …its value is not
    expect(v.problems).toEqual([]);
  });

  it('shows hostile names as text, never as markup', async () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: { name: evil }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }\nsubjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: '${evil}' }]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: cluster-admin }\nrules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]\n`;
    const upload = await fetch(`${server.url}/api/v1/snapshots?cluster=hostile`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/yaml' },
      body: yaml,
    });
    expect(upload.status).toBe(201);
    const { id } = (await upload.json()) as { id: string };
    const v = await signedIn();
    await v.open(`#/s/${id}/overview`);
    await v.open(
      `#/s/${id}/paths?from=${encodeURIComponent(`user:${evil}`)}&to=${encodeURIComponent('target:cluster-admin')}`,
    );
    await v.graphReady();
    expect(await v.page.locator('h1').innerText()).toContain(`user:${evil}`); // shown literally
    await v.page.keyboard.press('/');
    await v.page.keyboard.type('onerror');
    await v.page.locator('[role=option]').first().waitFor();
    expect(await v.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await v.page.locator('img').count()).toBe(0);
    await fetch(`${server.url}/api/v1/snapshots/${id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${server.token}` },
    });
  });

  it('says clearly what went wrong: an unknown vertex, a refused token', async () => {
    const v = await signedIn();
    await v.open('#/s/demo/paths?from=sa%3Anowhere%2Fnobody&to=target%3Acluster-admin');
    expect(await v.page.getByRole('alert').innerText()).toMatch(/unknown vertex[\s\S]*sa:nowhere\/nobody/);
    await v.screenshot('07-error');
    // A neighbourhood larger than asked for: drawn up to the cap, and the page says so.
    await v.open('#/s/demo/graph?vertex=sa%3Aci%2Frunner&depth=4&limit=40');
    await v.graphReady();
    expect(await v.page.locator('.notice-warning').innerText()).toContain('Showing the first 40 elements');
    expect(await v.text('graph-status')).toMatch(/shown of \d+ and \d+/);
    const stranger = await newViewer();
    await stranger.open('#token=not-a-valid-token-at-all');
    expect(await stranger.page.getByRole('alert').innerText()).toContain('token was refused');
    expect(await stranger.page.getByTestId('token').isVisible()).toBe(true);
  });

  it('collects a configured cluster with "collect now" and opens the snapshot it made', async () => {
    const v = await signedIn();
    await v.open('#/snapshots');
    await v.page.getByTestId('collect-live').click();
    await v.page.waitForFunction(() => /^#\/s\/[0-9a-f-]{36}\/overview$/.test(location.hash), undefined, {
      timeout: 120_000,
    });
    await v.ready();
    expect(await v.page.locator('h1').innerText()).toBe('Cluster live');
    expect(await v.text('jewels')).toContain('target:cluster-admin');
    await v.screenshot('13-collected');
    expect(v.problems).toEqual([]);
  }, 180_000);
});
