import { defineConfig } from 'vitest/config';

// Whole-system tests: separate Node processes on real sockets and a real Redis.
export default defineConfig({
  test: { name: 'system', include: ['src/**/*.test.ts'], fileParallelism: false, testTimeout: 120_000, hookTimeout: 120_000 },
});
