import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { name: 'archive', include: ['src/**/*.test.ts'] } });
