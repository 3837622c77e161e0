// The viewer's Reports page in Chromium, against `kubepath serve` with a schedule over the demo
// cluster every 3 seconds: the trend drawn by Chart.js, what the newest report changed (with
// links to the paths in the cluster's scheduled snapshot), every run with a download per format.
import { demoClusterDir } from '@kubepath/testkit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureViewerBuilt, launchBrowser, serve, type Served } from './harness.js';
import { ViewerPage } from './viewer-page.js';

let server: Served;
let browser: Browser;

beforeAll(async () => {
  ensureViewerBuilt();
  const schedules = {
    schedules: [{ name: 'demo-reports', source: { files: [demoClusterDir()] }, cron: '*/3 * * * * *' }],
  };
  server = await serve({ env: { KUBEPATH_SCHEDULES: JSON.stringify(schedules) } });
  browser = await launchBrowser();
  // Two reports, so that the newest has one to compare with.
  const deadline = Date.now() + 90_000;
  for (;;) {
    const res = await fetch(`${server.url}/api/v1/clusters/demo-reports/reports`, {
      headers: { Authorization: `Bearer ${server.token}` },
    });
    const body = (await res.json()) as { reports?: unknown[] };
    if ((body.reports?.length ?? 0) >= 2) break;
    if (Date.now() > deadline) throw new Error('the schedule made no two reports in 90 s');
    await new Promise((r) => setTimeout(r, 500));
  }
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('viewer: scheduled reports', () => {
  it('shows the trend, what changed, and the runs with their downloads', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const v = new ViewerPage(page, server.url);
    await v.open(`#token=${encodeURIComponent(server.token)}`);
    await page.getByRole('link', { name: 'Reports', exact: true }).click();
    await v.ready();
    expect(await v.text('report-clusters')).toContain('demo-reports');
    await page.getByRole('link', { name: 'demo-reports' }).click();
    await v.ready();
    // Chart.js drew a stacked bar chart with a dataset per severity.
    const datasets = await page.evaluate(() => {
      const canvas = document.querySelector('[data-testid=trend-chart] canvas') as HTMLCanvasElement | null;
      return canvas ? canvas.width > 0 && canvas.height > 0 : false;
    });
    expect(datasets).toBe(true);
    expect(await v.text('report-changes')).toMatch(
      /^0 new, 0 worse, 0 better, 0 resolved, 0 incomparable, \d+ unchanged/,
    );
    const rows = page.getByTestId('report-runs').getByRole('row');
    expect(await rows.count()).toBeGreaterThanOrEqual(3); // a header and two runs
    const download = page.waitForEvent('download');
    await page.getByTestId('download-sarif').first().click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^kubepath-demo-reports-.*\.sarif$/);
    await v.screenshot('14-reports');
    expect(v.problems).toEqual([]);
    await page.close();
  });
});
