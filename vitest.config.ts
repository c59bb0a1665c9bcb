import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure logic, no services) and `integration` (`*.int.test.ts`:
// moto, the loopback GitHub server, ClamAV, Chromium). The integration project's global
// setup starts moto on 127.0.0.1 unless MOTO_ENDPOINT already points at one.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**', '**/dist/**', '.tools/**'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**', '.tools/**'],
          globalSetup: ['test/setup/moto-global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
