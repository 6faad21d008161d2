/**
 * TypeBox schemas of the public HTTP surface that the other contract files do not already hold:
 * query parameters, request bodies and the small status bodies (API.md §8). They describe the
 * API for the OpenAPI document; the gateway's ordered validators, not these schemas, decide
 * what a request may contain (so a schema never words or orders a rejection differently).
 */
import { Type, type Static } from 'typebox';
import { ACCELERATORS, ANY, INTENTS, OPERATING_SYSTEMS, PLATFORMS, SERVICES } from './criteria';

const oneOf = (values: readonly string[], description: string) =>
  Type.String({ enum: [...values, ANY], default: ANY, description: `${description} Case-insensitive; omitted → any.` });

const criteriaParams = {
  service: oneOf(SERVICES, 'Kubernetes service (aliases self-managed, self, vanilla mean any).'),
  accelerator: oneOf(ACCELERATORS, 'GPU/accelerator type.'),
  gpu: oneOf(ACCELERATORS, 'Alias of accelerator.'),
  intent: oneOf(INTENTS, 'Workload intent.'),
  os: oneOf(OPERATING_SYSTEMS, 'GPU node OS (aliases al2, al2023 mean amazonlinux).'),
  platform: oneOf(PLATFORMS, 'Platform/framework.'),
  nodes: Type.Integer({ minimum: 0, maximum: 2_147_483_647, default: 0, description: 'Number of GPU nodes (0 = any).' }),
};

/** GET /v1/recipe query string (API.md §8.2). */
export const RecipeQueryParams = Type.Partial(Type.Object(criteriaParams));
export type RecipeQueryParams = Static<typeof RecipeQueryParams>;

/** GET /v1/query query string (API.md §8.4): `selector` optional, empty = whole document (§11 #29). */
export const QueryQueryParams = Type.Partial(
  Type.Object({
    ...criteriaParams,
    selector: Type.String({ default: '', description: 'Dot path into the hydrated recipe; empty → the whole document.' }),
  }),
);

const repeatable = (description: string) => Type.Array(Type.String(), { description: `${description} Repeatable.` });

/** POST /v1/bundle query string (API.md §8.6). */
export const BundleQueryParams = Type.Partial(Type.Object({
  bundlers: Type.String({ description: 'Comma list of component names to bundle (also repeatable); default all.' }),
  set: repeatable('Helm value override `<component>:<path>=<value>`.'),
  'system-node-selector': repeatable('Node selector `key=value` for system components.'),
  'system-node-toleration': repeatable('Toleration `key=value:effect` or `key:effect` for system components.'),
  'accelerated-node-selector': repeatable('Node selector `key=value` for GPU components.'),
  'accelerated-node-toleration': repeatable('Toleration for GPU components.'),
  deployer: Type.String({ enum: ['helm', 'argocd'], default: 'helm', description: 'Output layout.' }),
  repo: Type.String({ format: 'uri', description: 'GitOps repository URL for app-of-apps.yaml (argocd).' }),
  'workload-gate': Type.String({ description: 'Taint `key=value:effect` or `key:effect` for skyhook-operator.' }),
  'workload-selector': repeatable('Label selector `key=value` for skyhook-customizations.'),
  nodes: Type.Integer({ minimum: 0, maximum: 2_147_483_647, default: 0, description: 'GPU node count written to node-count-aware components.' }),
}));

const criteriaSpec = Type.Object(
  {
    service: Type.String(),
    accelerator: Type.String(),
    intent: Type.String(),
    os: Type.String(),
    platform: Type.String(),
    nodes: Type.Integer({ minimum: 0 }),
  },
  { description: 'Criteria values as in the query parameters; unknown keys are ignored.' },
);

/**
 * POST /v1/recipe body, JSON or YAML (API.md §8.3), as documented; every field optional.
 * (recipe.ts's RecipeCriteriaDocument is the loose shape the validator starts from.)
 */
export const RecipeCriteriaBody = Type.Object(
  {
    kind: Type.Optional(Type.Literal('RecipeCriteria')),
    apiVersion: Type.Optional(Type.Literal('aicr.nvidia.com/v1alpha1')),
    metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    spec: Type.Optional(Type.Union([Type.Partial(criteriaSpec), Type.Null()])),
  },
  { $id: 'RecipeCriteria' },
);

/** POST /v1/query body, JSON or YAML (API.md §8.5). */
export const QueryRequestBody = Type.Object(
  { criteria: Type.Partial(criteriaSpec), selector: Type.Optional(Type.String()) },
  { $id: 'QueryRequestBody' },
);

/** GET / (API.md §8.1). */
export const ServiceInfoBody = Type.Object(
  { service: Type.Literal('aicrd'), version: Type.String(), routes: Type.Array(Type.String()) },
  { $id: 'ServiceInfo' },
);

/** Any JSON value: the answer of /v1/query. */
export const AnyJson = Type.Unknown({ description: 'The JSON value at the selector (object, array, string, number, boolean).' });
