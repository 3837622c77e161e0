/**
 * The API's connection to the fleet's Neo4j: opened on first use and again after a failure,
 * so a Neo4j that starts after kubepath, or restarts, is found; a Neo4j that is down is a 503
 * problem, never a hang (connection timeout 10 s).
 */
import { connectNeo4j } from '@kubepath/neo4j';
import type { Driver } from 'neo4j-driver';
import { HttpProblem } from '../problems.js';

export class Neo4jClient {
  private driver: Promise<Driver> | undefined;

  constructor(private readonly settings: { url: string; user?: string; password?: string }) {}

  /** Runs `use` with a driver; any failure to reach Neo4j is a 503 problem naming it. */
  async with<T>(use: (driver: Driver) => Promise<T>): Promise<T> {
    this.driver ??= connectNeo4j(this.settings.url, {
      ...(this.settings.user ? { user: this.settings.user } : {}),
      ...(this.settings.password ? { password: this.settings.password } : {}),
    });
    try {
      return await use(await this.driver);
    } catch (error) {
      const stale = this.driver;
      this.driver = undefined;
      void stale?.then((d) => d.close()).catch(() => {});
      throw new HttpProblem(503, 'Neo4j is unavailable', (error as Error).message.split('\n')[0]!);
    }
  }

  async close(): Promise<void> {
    const d = this.driver;
    this.driver = undefined;
    await d?.then((x) => x.close()).catch(() => {});
  }
}
