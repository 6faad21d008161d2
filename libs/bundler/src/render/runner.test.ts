import { AicrError } from '@aicr/contracts';
import { describe, expect, it } from 'vitest';
import { assembleBundle, createInProcessBundleRunner, renderComponent } from './index';
import { catalogPlan, RECIPE_CHAINS, workedExamplePlan } from './test-fixtures';

describe('createInProcessBundleRunner', () => {
  it('renders and assembles the same bytes as the parts; status ok', async () => {
    const plan = catalogPlan({ overlays: RECIPE_CHAINS['eks-h100-training'] });
    const runner = createInProcessBundleRunner();
    const art = await runner.run(plan, { deadline: Date.now() + 60_000, requestId: 'r1' });
    const direct = await assembleBundle(plan, plan.components.map((c) => renderComponent(plan, c)));
    expect(art.zip.equals(direct.zip)).toBe(true);
    expect(await runner.status()).toBe('ok');
    await runner.close();
  }, 30_000);

  it('yields to the event loop between components', async () => {
    const plan = catalogPlan({ overlays: RECIPE_CHAINS['eks-h100-training'] });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    await createInProcessBundleRunner().run(plan, { deadline: Date.now() + 60_000, requestId: 'r2' });
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  }, 30_000);

  it.each([
    ['deadline already passed', () => ({ deadline: Date.now() - 1, requestId: 'r' }), 'TIMEOUT', 504],
    ['aborted signal', () => ({ deadline: Date.now() + 60_000, requestId: 'r', signal: AbortSignal.abort() }), 'TIMEOUT', 504],
  ])('%s → AicrError %s', async (_n, options, code, status) => {
    const err = await createInProcessBundleRunner()
      .run(workedExamplePlan(), options())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AicrError);
    expect([(err as AicrError).code, (err as AicrError).status]).toEqual([code, status]);
  }, 30_000);
});
