/** main.ts as a process: refuses to start on bad config, serves, and shuts down cleanly. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, waitForPort } from '@aicr/testing';
import { describe, expect, it } from 'vitest';
import { UPSTREAM_RECIPES } from './test-support/app-fixture';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { PATH: process.env.PATH, AICR_RECIPES_DIR: UPSTREAM_RECIPES, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

describe('main.ts', () => {
  it('an invalid allowlist → a clear log line and exit 1, never listening', async () => {
    const port = await freePort();
    const p = start({ PORT: String(port), AICR_ALLOWED_ACCELERATORS: 'h100,tpu' });
    expect(await p.exited).toBe(1);
    const line = JSON.parse(p.stderr().trim().split('\n').pop()!);
    expect(line.level).toBe(50);
    expect(line.msg).toMatch(/invalid criteria allowlist: AICR_ALLOWED_ACCELERATORS.*tpu/);
  });

  it('a broken catalog → exit 1', async () => {
    const p = start({ PORT: String(await freePort()), AICR_RECIPES_DIR: '/nonexistent' });
    expect(await p.exited).toBe(1);
    expect(p.stderr()).toContain('cannot load the recipe data');
  });

  it('serves with no external service, then SIGTERM → not ready, exit 0', async () => {
    const port = await freePort();
    const p = start({ PORT: String(port) });
    try {
      await waitForPort(port, '127.0.0.1', 20_000);
      const ready = await fetch(`http://127.0.0.1:${port}/ready`);
      expect(ready.status).toBe(200);
      const recipe = await fetch(`http://127.0.0.1:${port}/v1/recipe?accelerator=h100&service=eks`);
      expect(recipe.status).toBe(200);
      expect(((await recipe.json()) as { kind: string }).kind).toBe('RecipeResult');
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
    } finally {
      p.child.kill('SIGKILL');
    }
  }, 30_000);
});
