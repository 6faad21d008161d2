import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { name: 'recipe-service', include: ['src/**/*.test.ts'] } });
