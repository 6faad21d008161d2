import { defineConfig } from 'vitest/config';

// One vitest run over every package; each package's own vitest.config.ts says how its
// tests run (Redis-backed packages turn file parallelism off).
export default defineConfig({
  test: {
    projects: ['libs/*/vitest.config.ts', 'apps/*/vitest.config.ts', 'tests/vitest.config.ts', 'bench/vitest.config.ts'],
  },
});
