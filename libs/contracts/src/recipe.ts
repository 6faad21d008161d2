import { Type, type Static } from 'typebox';
import { CriteriaEcho } from './criteria';

/** A constraint of a recipe (RECIPES.md §1.2): the server merges and returns it, never evaluates it. */
export const Constraint = Type.Object(
  {
    name: Type.String(),
    value: Type.String(),
    severity: Type.Optional(Type.String()),
    remediation: Type.Optional(Type.String()),
    unit: Type.Optional(Type.String()),
  },
  { $id: 'Constraint' },
);
export type Constraint = Static<typeof Constraint>;

const StringList = Type.Array(Type.String());

/**
 * One componentRefs entry, in the key order RECIPES.md §8.1 emits. `manifestUrls` is our catalog
 * extension: manifests applied from an official release URL instead of being vendored
 * (docs/catalog-format.md).
 */
export const ComponentRef = Type.Object(
  {
    name: Type.String(),
    namespace: Type.Optional(Type.String()),
    chart: Type.Optional(Type.String()),
    type: Type.String(),
    source: Type.String(),
    version: Type.Optional(Type.String()),
    tag: Type.Optional(Type.String()),
    valuesFile: Type.Optional(Type.String()),
    overrides: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    patches: Type.Optional(StringList),
    dependencyRefs: Type.Optional(StringList),
    manifestFiles: Type.Optional(StringList),
    manifestUrls: Type.Optional(StringList),
    path: Type.Optional(Type.String()),
    cleanup: Type.Optional(Type.Boolean()),
    expectedResources: Type.Optional(Type.Array(Type.Unknown())),
    healthCheckAsserts: Type.Optional(Type.String()),
  },
  { $id: 'ComponentRef' },
);
export type ComponentRef = Static<typeof ComponentRef>;

/** validation phases are copied from the recipe data untouched. */
export const Validation = Type.Record(Type.String(), Type.Unknown(), { $id: 'Validation' });
export type Validation = Static<typeof Validation>;

/** Body of GET/POST /v1/recipe (RECIPES.md §8.1), fields in emitted order. */
export const RecipeResult = Type.Object(
  {
    kind: Type.Literal('RecipeResult'),
    apiVersion: Type.String(),
    metadata: Type.Object({
      version: Type.Optional(Type.String()),
      appliedOverlays: StringList,
    }),
    criteria: CriteriaEcho,
    constraints: Type.Optional(Type.Array(Constraint)),
    componentRefs: Type.Array(ComponentRef),
    deploymentOrder: StringList,
    validation: Type.Optional(Validation),
  },
  { $id: 'RecipeResult' },
);
export type RecipeResult = Static<typeof RecipeResult>;

/** The document /v1/query walks (RECIPES.md §7); keys sorted in byte order when emitted. */
export interface HydratedComponent {
  name: string;
  type: string;
  source: string;
  namespace?: string;
  chart?: string;
  version?: string;
  tag?: string;
  path?: string;
  dependencyRefs?: string[];
  values?: Record<string, unknown>;
}
export interface HydratedRecipe {
  apiVersion: string;
  components: Record<string, HydratedComponent>;
  constraints?: Constraint[];
  criteria: { service: string; accelerator: string; intent: string; os: string; platform: string; nodes: number };
  deploymentOrder: string[];
  kind: 'RecipeResult';
  metadata: { appliedOverlays: string[]; constraintWarnings: null; excludedOverlays: null; version: string };
}

/** POST /v1/recipe body (API.md §8.3). Field checks are the endpoint validator's, in its order. */
export const RecipeCriteriaDocument = Type.Object(
  {
    kind: Type.Optional(Type.String()),
    apiVersion: Type.Optional(Type.String()),
    metadata: Type.Optional(Type.Unknown()),
    spec: Type.Optional(Type.Unknown()),
  },
  { $id: 'RecipeCriteriaDocument' },
);
export type RecipeCriteriaDocument = Static<typeof RecipeCriteriaDocument>;
