import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { name: 'recipe-engine', include: ['src/**/*.test.ts'] } });
