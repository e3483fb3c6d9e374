import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // Nothing in the tests may reach a host other than loopback.
    setupFiles: ['tests/support/no-network.ts', 'tests/support/temp-cleanup.ts'],
    // Two test files at a time: on the 2-core machines here vitest would otherwise run one (cores - 1), and most
    // files wait on child processes (CLI, console, PostgreSQL) more than they compute: 190 s -> 140 s.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
