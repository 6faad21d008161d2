import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { name: 'gotemplate', include: ['src/**/*.test.ts'] } });
