import { defineConfig } from 'vitest/config'

// Two projects: unit tests beside the code, and tests that need the real broker and registry,
// which the global setup provides (see test/global-setup.ts).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/**/src/**/*.test.ts', 'services/**/src/**/*.test.ts', 'simulators/**/src/**/*.test.ts', 'deploy/**/*.test.ts', 'scripts/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Integration files share one broker; running them one at a time keeps consumer groups
          // and timings independent on a 2-core machine.
          fileParallelism: false,
        },
      },
    ],
  },
})
