import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // Nothing in the tests may reach a host other than loopback.
    setupFiles: ['tests/support/no-network.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
