import { it } from 'vitest';
import { buildObservedApp } from '../test-support/observed-app';
it('try', async () => {
  const app = await buildObservedApp();
  for (const url of ['/docs', '/v1/recipe', '/openapi.json', '/health']) {
    const d = await app.inject({ url });
    console.log(url, d.statusCode, JSON.stringify(d.headers));
  }
  const doc = JSON.parse((await app.inject({ url: '/openapi.json' })).body);
  console.log(Object.keys(doc.components.schemas), JSON.stringify(doc.paths['/v1/recipe'].get.responses['200']).slice(0, 1500));
  console.log(JSON.stringify(doc.paths['/v1/bundle'].post.parameters).slice(0, 1500));
  await app.close();
});
