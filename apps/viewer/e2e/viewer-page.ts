/** A page object for the viewer: the e2e tests speak in user actions, not selectors. */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { artifactsDir } from './harness.js';

export class ViewerPage {
  /** Uncaught errors and console errors seen in the page: a test ends by expecting none. */
  readonly problems: string[] = [];

  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {
    page.on('pageerror', (e) => this.problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 4\d\d/.test(m.text()))
        this.problems.push(`console: ${m.text()}`);
    });
  }

  /** Opens a view by its hash and waits until it has rendered. */
  async open(hash: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}/${hash}`);
    await this.ready();
  }

  async ready(): Promise<void> {
    await this.page.waitForFunction(() => document.body.dataset.state === 'ready');
  }

  async graphReady(): Promise<void> {
    await this.page.waitForFunction(() => document.body.dataset.graphReady === 'true');
  }

  /** Types into the search box and picks the completion whose id is `id`. */
  async search(text: string, id: string): Promise<void> {
    await this.page.keyboard.press('/');
    await this.page.keyboard.type(text);
    const option = this.page.locator('[role=option]', { hasText: id });
    await option.first().waitFor();
    await option.first().dispatchEvent('mousedown');
    await this.ready();
  }

  /** Points the mouse at an edge's midpoint (hover). */
  async hoverEdge(kind: string): Promise<void> {
    const point = await this.edgePoint(kind);
    await this.page.mouse.move(point.x, point.y);
  }

  /** Clicks an edge of the drawing with the mouse, at its midpoint on screen. */
  async clickEdge(kind: string): Promise<void> {
    const point = await this.edgePoint(kind);
    await this.page.mouse.click(point.x, point.y);
  }

  private async edgePoint(kind: string): Promise<{ x: number; y: number }> {
    const point = await this.page.evaluate((k) => {
      const cy = (window as unknown as { kubepathViewer: { cy: import('cytoscape').Core } }).kubepathViewer
        .cy;
      const edge = cy.edges(`[kind = "${k}"]`).filter((e) => e.visible())[0];
      if (!edge) return null;
      const mid = edge.renderedMidpoint();
      const box = cy.container()!.getBoundingClientRect();
      return { x: box.left + mid.x, y: box.top + mid.y };
    }, kind);
    if (!point) throw new Error(`no visible ${kind} edge`);
    return point;
  }

  /** The number of edges drawn. */
  async edgeCount(): Promise<number> {
    return this.page.evaluate(
      () =>
        (window as unknown as { kubepathViewer: { cy: import('cytoscape').Core } }).kubepathViewer.cy.edges(
          ':visible',
        ).length,
    );
  }

  /**
   * Clicks the n-th drawn edge with the mouse, centred first (a long path can run past the box).
   * A real click: an `emit('tap')` without a position has crashed Chromium's tab after a few.
   */
  async clickEdgeNumber(n: number): Promise<void> {
    const point = await this.page.evaluate((i) => {
      const cy = (window as unknown as { kubepathViewer: { cy: import('cytoscape').Core } }).kubepathViewer
        .cy;
      const edge = cy.edges(':visible')[i]!;
      cy.center(edge);
      const mid = edge.renderedMidpoint();
      const box = cy.container()!.getBoundingClientRect();
      return { x: box.left + mid.x, y: box.top + mid.y };
    }, n);
    await this.page.mouse.click(point.x, point.y);
  }

  /** Clicks a vertex of the drawing with the mouse. */
  async clickVertex(id: string): Promise<void> {
    const point = await this.page.evaluate((vertex) => {
      const cy = (window as unknown as { kubepathViewer: { cy: import('cytoscape').Core } }).kubepathViewer
        .cy;
      const node = cy.getElementById(vertex);
      if (node.empty() || !node.visible()) return null;
      // Force layouts are random: zoom in on the vertex so that no neighbour covers it.
      cy.zoom(Math.max(cy.zoom(), 1.5));
      cy.center(node);
      const at = node.renderedPosition();
      const box = cy.container()!.getBoundingClientRect();
      return { x: box.left + at.x, y: box.top + at.y };
    }, id);
    if (!point) throw new Error(`vertex ${id} is not drawn`);
    await this.page.mouse.click(point.x, point.y);
  }

  /** The vertices drawn (namespace boxes left out), with their namespaces. */
  async visibleVertices(): Promise<{ id: string; namespace?: string }[]> {
    return this.page.evaluate(() => {
      const cy = (window as unknown as { kubepathViewer: { cy: import('cytoscape').Core } }).kubepathViewer
        .cy;
      return cy
        .nodes()
        .filter((n) => n.visible() && n.data('kind') !== 'namespace-group')
        .map((n) => ({ id: n.id(), namespace: n.data('namespace') as string | undefined }));
    });
  }

  /** The box (compound node) a vertex is drawn in, if any. */
  async parentOf(id: string): Promise<string | null> {
    return this.page.evaluate((vertex) => {
      const cy = (window as unknown as { kubepathViewer: { cy: import('cytoscape').Core } }).kubepathViewer
        .cy;
      const parent = cy.getElementById(vertex).parent();
      return parent.empty() ? null : parent[0]!.id();
    }, id);
  }

  /** Counts what the drawing shows, by Cytoscape's own visibility. */
  async visibleEdgeKinds(): Promise<string[]> {
    return this.page.evaluate(() => {
      const cy = (window as unknown as { kubepathViewer: { cy: import('cytoscape').Core } }).kubepathViewer
        .cy;
      return cy
        .edges()
        .filter((e) => e.visible())
        .map((e) => e.data('kind') as string);
    });
  }

  text(testid: string): Promise<string> {
    return this.page.getByTestId(testid).innerText();
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: join(artifactsDir, `${name}.png`) });
  }

  hash(): Promise<string> {
    return this.page.evaluate(() => location.hash);
  }
}
