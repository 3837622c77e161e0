import { defineConfig } from 'vitest/config';

// Tests run from source: the `kubepath-source` export condition points every workspace
// package at its src/index.ts, so no build is needed first.
export default defineConfig({
  resolve: { conditions: ['kubepath-source'] },
  ssr: { resolve: { conditions: ['kubepath-source'] } },
  test: {
    testTimeout: 60_000,
    // Hooks load corpora and start servers: on the busy 2-core CI machine a 1-second load once
    // took over vitest's default 10 s (kubehound-workloads' beforeAll, 12.2 s).
    hookTimeout: 60_000,
    // The real API server the live collector is tested against.
    globalSetup: ['test/setup/test-cluster.ts'],
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'main',
          include: [
            'packages/*/src/**/*.test.ts',
            'apps/*/src/**/*.test.ts',
            'apps/*/e2e/**/*.test.ts',
            'test/**/*.test.ts',
          ],
          exclude: ['test/oracle/**', 'test/**/*.alone.test.ts', '**/node_modules/**'],
          sequence: { groupOrder: 0 },
        },
      },
      // The differential tests bind shared groups (system:authenticated) on the test cluster and
      // read all of its RBAC, and `*.alone.test.ts` files add what a cluster-wide collection
      // would see (vulnerability reports): they run alone, after everything else, one at a time.
      {
        extends: true,
        test: {
          name: 'oracle',
          include: ['test/oracle/**/*.test.ts', 'test/**/*.alone.test.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
