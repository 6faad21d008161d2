import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { name: 'recipe-client', include: ['src/**/*.test.ts'] } });
