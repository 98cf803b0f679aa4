import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One Postgres and one browser serve every project; see tests/setup.
    globalSetup: ['tests/setup/global-db.ts', 'tests/setup/global-browser.ts'],
    projects: [
      { test: { name: 'unit', include: ['engine/**/*.test.ts', 'app/**/*.test.ts', 'graphql/**/*.test.ts', 'bench/**/*.test.ts', 'worker/**/*.test.ts', 'serving/**/*.test.ts'], environment: 'node', testTimeout: 60_000 } },
      { test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], testTimeout: 90_000, hookTimeout: 90_000 } },
      { test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 180_000 } },
    ],
  },
});
