/** A broken dependency graph (RECIPES.md §5.4 step 1): a data defect, never the client's fault. */
export class DependencyError extends Error {}

interface Node {
  name: string;
  dependencyRefs?: readonly string[];
}

/** Inserts into an ascending array, keeping it sorted (the ready set stays tiny). */
function insertSorted(list: string[], name: string): void {
  let i = list.length;
  while (i > 0 && list[i - 1] > name) i--;
  list.splice(i, 0, name);
}

/**
 * Checks the graph and returns the deployment order (RECIPES.md §5.5): Kahn's algorithm, always
 * taking the alphabetically smallest component whose dependencies are placed. Throws
 * DependencyError for a reference to a missing component or a cycle.
 */
export function deploymentOrder(components: readonly Node[]): string[] {
  const names = new Set(components.map((c) => c.name));
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const c of components) {
    const deps = new Set(c.dependencyRefs ?? []);
    for (const dep of deps) {
      if (!names.has(dep)) throw new DependencyError(`component "${c.name}" depends on "${dep}", which is not in the recipe`);
      dependents.set(dep, [...(dependents.get(dep) ?? []), c.name]);
    }
    waiting.set(c.name, deps.size);
  }
  const ready: string[] = [];
  for (const [name, count] of waiting) if (count === 0) insertSorted(ready, name);
  const order: string[] = [];
  while (ready.length > 0) {
    const name = ready.shift()!;
    order.push(name);
    for (const dependent of dependents.get(name) ?? []) {
      const left = waiting.get(dependent)! - 1;
      waiting.set(dependent, left);
      if (left === 0) insertSorted(ready, dependent);
    }
  }
  if (order.length < waiting.size) {
    const stuck = [...waiting].filter(([, n]) => n > 0).map(([name]) => name).sort();
    throw new DependencyError(`dependency cycle among components: ${stuck.join(', ')}`);
  }
  return order;
}
