/**
 * BUNDLES.md §3.3: one order for every ordered artefact. With a `deploymentOrder`: by its index,
 * components missing from it after the listed ones, alphabetically. Without one: seed-style
 * `order` fields ascending, components without `order` after them in body order [extension];
 * otherwise body order. Returns the names in order and whether they came from `order` fields.
 */
export function orderComponents(
  components: ReadonlyArray<{ name: string; order?: number }>,
  deploymentOrder: readonly string[] | null,
): { names: string[]; fromSeedOrder: boolean } {
  const body = components.map((c, i) => ({ ...c, i }));
  if (deploymentOrder && deploymentOrder.length > 0) {
    const index = new Map<string, number>();
    deploymentOrder.forEach((n, i) => {
      if (!index.has(n)) index.set(n, i);
    });
    const listed = body.filter((c) => index.has(c.name)).sort((a, b) => index.get(a.name)! - index.get(b.name)!);
    const missing = body.filter((c) => !index.has(c.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { names: [...listed, ...missing].map((c) => c.name), fromSeedOrder: false };
  }
  if (body.some((c) => c.order !== undefined)) {
    const withOrder = body.filter((c) => c.order !== undefined).sort((a, b) => a.order! - b.order! || a.i - b.i);
    const without = body.filter((c) => c.order === undefined);
    return { names: [...withOrder, ...without].map((c) => c.name), fromSeedOrder: true };
  }
  return { names: body.map((c) => c.name), fromSeedOrder: false };
}
