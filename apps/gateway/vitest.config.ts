import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { name: 'gateway', include: ['src/**/*.test.ts'], fileParallelism: false, testTimeout: 60_000, hookTimeout: 60_000 } });
