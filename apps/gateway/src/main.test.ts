/** main.ts as a process: refuses to start on bad config, serves, and shuts down cleanly. */
import { freePort, startApp, waitForPort, type RunningProcess } from '@aicr/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { UPSTREAM_RECIPES } from './test-support/app-fixture';

const started: RunningProcess[] = [];
afterEach(() => {
  for (const p of started.splice(0)) p.kill();
});

/** main.ts with nothing from the runner's environment but PATH/HOME: no Redis, no recipe service. */
function start(env: Record<string, string>): RunningProcess {
  const p = startApp('gateway', { AICR_RECIPES_DIR: UPSTREAM_RECIPES, ...env }, { inheritEnv: false });
  started.push(p);
  return p;
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
      p.signal('SIGTERM');
      expect(await p.exited).toBe(0);
    } finally {
      p.kill();
    }
  }, 30_000);
});
