// The HTML report opened in Debian's Chromium: its summary, a drawn path and the trend show,
// it loads nothing from the network (a self-contained file), and a screenshot is kept with
// the other browser artifacts (test-results/viewer/).
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GraphIndex } from '@kubepath/analyzer';
import { loadSnapshotFromFiles } from '@kubepath/collector';
import { buildAttackGraph } from '@kubepath/graph';
import { buildReport, diffReports, reportHtml } from '@kubepath/report';
import { demoClusterDir, repoRoot } from '@kubepath/testkit';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Debian's Chromium, as the viewer's browser tests use it; a missing browser fails (never a skip). */
const CHROMIUM = process.env.KUBEPATH_CHROMIUM ?? '/usr/bin/chromium';
const artifactsDir = join(repoRoot(), 'test-results', 'viewer');
let browser: Browser;
beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium, or set KUBEPATH_CHROMIUM`);
  mkdirSync(artifactsDir, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}, 60_000);
afterAll(async () => browser?.close());

describe('the HTML report in Chromium', () => {
  it('shows the summary, a drawn path and the trend, and fetches nothing', async () => {
    const snapshot = await loadSnapshotFromFiles([demoClusterDir()]);
    const index = new GraphIndex(buildAttackGraph(snapshot));
    const earlier = buildReport({
      snapshot,
      index,
      exploits: 'assumed',
      now: new Date('2026-11-30T12:00:00Z'),
    });
    const report = buildReport({
      snapshot,
      index,
      exploits: 'assumed',
      now: new Date('2026-12-01T12:00:00Z'),
    });
    const trend = [earlier, report].map((r) => ({
      generatedAt: r.generatedAt,
      bySeverity: r.counts.bySeverity,
    }));
    const file = join(mkdtempSync(join(tmpdir(), 'kubepath-html-')), 'report.html');
    writeFileSync(file, reportHtml(report, { diff: diffReports(earlier, report), trend }));
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const requests: string[] = [];
    page.on('request', (r) => void (r.url().startsWith('file:') || requests.push(r.url())));
    await page.goto(pathToFileURL(file).href);
    expect(await page.getByTestId('summary').innerText()).toMatch(
      new RegExp(`${report.counts.bySeverity.critical}\\s+critical`),
    );
    const firstPath = page.locator('svg.path').first();
    expect(await firstPath.locator('rect').count()).toBeGreaterThan(1);
    expect(await firstPath.getAttribute('aria-label')).toMatch(/→ target:/);
    expect(await page.getByTestId('trend').locator('rect').count()).toBeGreaterThan(1);
    expect(await page.getByTestId('diff').innerText()).toMatch(/0 new, .* unchanged/);
    await page.screenshot({ path: join(artifactsDir, 'report-html.png'), fullPage: false });
    expect(requests).toEqual([]);
    await page.close();
  });
});
