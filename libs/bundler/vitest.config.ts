import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { name: 'bundler', include: ['src/**/*.test.ts'] } });
