import { defineConfig } from 'vitest/config';

// Unit tests of the benchmark harness itself (not benchmarks: those run with `npm run bench`).
// Timing-sensitive, so one file at a time.
export default defineConfig({ test: { name: 'bench', include: ['lib/**/*.test.ts', 'suites/**/*.test.ts'], fileParallelism: false } });
