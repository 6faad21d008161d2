import { beforeAll, describe, expect, it } from 'vitest';
import { failure, plan, upstreamCatalog } from './test-support';

// Loading the catalog once can take seconds on a busy machine; keep it out of the first test's budget.
beforeAll(() => upstreamCatalog(), 60_000);

// V8's own parse messages vary between Node releases; only their prefix is ours.
const body400 = (error: unknown) => ({ status: 400, code: 'INVALID_REQUEST', message: 'Invalid request body', details: { error } });
const gpu = { name: 'gpu-operator', type: 'Helm' };
const ok = (refs: unknown[]) => ({ componentRefs: refs });

// API.md §8.6 rows 12, 12a, 13.
describe('body rows 12–13', () => {
  it.each([
    ['empty body', '', body400('EOF')],
    ['not JSON', 'kind: Recipe', body400(expect.stringMatching(/^invalid JSON: Unexpected token/))],
    ['trailing garbage', '{"componentRefs":[]} x', body400(expect.stringMatching(/^invalid JSON: Unexpected non-whitespace character after JSON at position 21/))],
    ['null', 'null', body400('request body must be a JSON object, got null')],
    ['array', '[]', body400('request body must be a JSON object, got array')],
    ['string', '"x"', body400('request body must be a JSON object, got string')],
    ['number', '5', body400('request body must be a JSON object, got number')],
    ['__proto__ in overrides', '{"componentRefs":[{"name":"gpu-operator","overrides":{"__proto__":{"x":1}}}]}', body400('invalid JSON: object contains forbidden prototype property')],
    ['componentRefs not an array', { componentRefs: {} }, body400('recipe.componentRefs: expected an array, got object')],
    ['component not an object', { componentRefs: ['gpu-operator'] }, body400('componentRefs[0]: expected an object, got string')],
    ['version a number', ok([{ name: 'gpu-operator', version: 25 }]), body400('componentRefs[0].version: expected a string, got number')],
    ['overrides a list', ok([{ name: 'gpu-operator', overrides: [] }]), body400('componentRefs[0].overrides: expected an object, got array')],
    ['manifestFiles with a number', ok([{ name: 'gpu-operator', manifestFiles: [1] }]), body400('componentRefs[0].manifestFiles[0]: expected a string, got number')],
    ['cleanup a string', ok([{ name: 'gpu-operator', cleanup: 'yes' }]), body400('componentRefs[0].cleanup: expected a boolean, got string')],
    ['order a string', ok([{ name: 'gpu-operator', order: '1' }]), body400('componentRefs[0].order: expected a number, got string')],
    ['criteria.nodes a string', { criteria: { nodes: '8' }, componentRefs: [gpu] }, body400('criteria.nodes: expected a non-negative integer, got "8"')],
    ['criteria.nodes a float', { criteria: { nodes: 8.5 }, componentRefs: [gpu] }, body400('criteria.nodes: expected a non-negative integer, got 8.5')],
    ['criteria.nodes negative', { criteria: { nodes: -1 }, componentRefs: [gpu] }, body400('criteria.nodes: expected a non-negative integer, got -1')],
    ['criteria.service a number', { criteria: { service: 1 }, componentRefs: [gpu] }, body400('criteria.service: expected a string, got number')],
    ['constraint value a number', { constraints: [{ name: 'a', value: 1 }], componentRefs: [gpu] }, body400('constraints[0].value: expected a string, got number')],
    ['constraints a string', { constraints: 'x', componentRefs: [gpu] }, body400('recipe.constraints: expected an array or an object, got string')],
    ['deploymentOrder of numbers', { deploymentOrder: [1], componentRefs: [gpu] }, body400('recipe.deploymentOrder[0]: expected a string, got number')],
    ['kind a number', { kind: 1, componentRefs: [gpu] }, body400('recipe.kind: expected a string, got number')],
    ['wrapper recipe a string', { recipe: 'x' }, body400('recipe: expected an object, got string')],
    ['wrapper bundlers not a list', { recipe: null, bundlers: 'gpu-operator' }, body400('body.bundlers: expected an array of strings, got string')],
    // Row 12a
    ['wrapper recipe null', { recipe: null }, { status: 400, code: 'INVALID_REQUEST', message: 'Recipe is required' }],
    // Row 13
    ['componentRefs missing', { kind: 'RecipeResult' }, { status: 400, code: 'INVALID_REQUEST', message: 'Recipe must contain at least one component reference' }],
    ['componentRefs null', { componentRefs: null }, { status: 400, code: 'INVALID_REQUEST', message: 'Recipe must contain at least one component reference' }],
    ['componentRefs []', { componentRefs: [] }, { status: 400, code: 'INVALID_REQUEST', message: 'Recipe must contain at least one component reference' }],
    ['wrapper with empty recipe', { recipe: {} }, { status: 400, code: 'INVALID_REQUEST', message: 'Recipe must contain at least one component reference' }],
  ])('%s', async (_name, body, expected) => {
    expect(await failure(() => plan({}, body))).toStrictEqual(expected);
  });

  it('refuses invalid UTF-8 bytes', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('{"componentRefs":[{"name":"'), 0xc3, 0x28, ...new TextEncoder().encode('"}]}')]);
    expect(await failure(() => plan({}, '', { body: bytes }))).toStrictEqual(body400('invalid JSON: body is not valid UTF-8'));
  });

  it('a body with both `recipe` and `componentRefs` is a recipe, not the wrapper', async () => {
    const p = await plan({}, { recipe: null, componentRefs: [gpu] });
    expect(p.components.map((c) => c.ref.name)).toStrictEqual(['gpu-operator']);
  });

  it('treats JSON null fields as absent, as Go does', async () => {
    const p = await plan({}, { kind: null, metadata: null, criteria: null, componentRefs: [{ name: 'gpu-operator', version: null, overrides: null }] });
    expect(p.recipe.criteria).toBeNull();
    expect(p.components[0].ref.version).toBeUndefined();
  });
});
