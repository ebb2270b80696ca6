import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // What src/core/user-module.ts does for Node: `import ... from 'nova'` in a user's agent or tool file,
  // wherever it lives, is this Nova (the tests load such files through vitest's own module runner).
  resolve: {
    alias: [
      { find: /^nova$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^nova\/testing$/, replacement: fileURLToPath(new URL('./src/models/testing.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    reporters: ['default', './test/support/closing-line-reporter.ts'],
  },
});
