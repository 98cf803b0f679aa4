import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One Postgres and one browser serve every project; see tests/setup.
    globalSetup: ['tests/setup/global-db.ts', 'tests/setup/global-browser.ts'],
    // Vitest's default (cores − 1) runs one file at a time on a 2-core CI machine, though integration and e2e files
    // spend most of their time waiting on child processes, Postgres and the browser: two at a time fill both cores.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      // `~/` is the app's own import alias (Remix's Vite config), so components render in unit tests as in the app.
      { resolve: { alias: { '~': fileURLToPath(new URL('./app', import.meta.url)) } }, test: { name: 'unit', include: ['engine/**/*.test.ts', 'app/**/*.test.ts', 'graphql/**/*.test.ts', 'bench/**/*.test.ts', 'worker/**/*.test.ts', 'serving/**/*.test.ts', 'scripts/**/*.test.ts'], environment: 'node', testTimeout: 60_000 } },
      // Integration and e2e tests drive real processes, Postgres and a browser on a noisy 2-core machine: a test that fails
      // once is run again, and `npm test` names every test that passed only on its retry, with its first failure, so a
      // flaky test is seen and mended rather than hidden (tests/run-all.ts).
      { test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], testTimeout: 90_000, hookTimeout: 90_000, retry: 1 } },
      // expect.poll's 1 s default was the one wait shorter than a loaded CI machine's pause (Playwright's own are 30 s): a
      // select that filled a moment late failed fetch-node's test once. A poll that is satisfied still returns at once.
      { test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 180_000, retry: 1, expect: { poll: { timeout: 10_000 } } } },
    ],
  },
});
