import { defineConfig } from 'vitest/config';

// Tests run from source: the `kubepath-source` export condition points every workspace
// package at its src/index.ts, so no build is needed first.
export default defineConfig({
  resolve: { conditions: ['kubepath-source'] },
  ssr: { resolve: { conditions: ['kubepath-source'] } },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
      'apps/*/e2e/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    testTimeout: 60_000,
    // The real API server the live collector is tested against.
    globalSetup: ['test/setup/test-cluster.ts'],
    pool: 'forks',
  },
});
