import { Type, type Static } from 'typebox';

/** Canonical criteria values besides `any` (API.md §6, RECIPES.md §2.1; upstream's superset). */
export const SERVICES = ['eks', 'gke', 'aks', 'oke', 'kind'] as const;
export const ACCELERATORS = ['h100', 'gb200', 'b200', 'a100', 'l40'] as const;
export const INTENTS = ['training', 'inference'] as const;
export const OPERATING_SYSTEMS = ['ubuntu', 'rhel', 'cos', 'amazonlinux'] as const;
export const PLATFORMS = ['kubeflow', 'dynamo'] as const;
export const ANY = 'any';

export const CRITERIA_FIELDS = ['service', 'accelerator', 'intent', 'os', 'platform'] as const;
export type CriteriaField = (typeof CRITERIA_FIELDS)[number];

export const CRITERIA_VALUES: Record<CriteriaField, readonly string[]> = {
  service: SERVICES,
  accelerator: ACCELERATORS,
  intent: INTENTS,
  os: OPERATING_SYSTEMS,
  platform: PLATFORMS,
};

/** Extra accepted inputs and the canonical value they mean. */
export const CRITERIA_ALIASES: Record<CriteriaField, Readonly<Record<string, string>>> = {
  service: { 'self-managed': ANY, self: ANY, vanilla: ANY },
  accelerator: {},
  intent: {},
  os: { al2: 'amazonlinux', al2023: 'amazonlinux' },
  platform: {},
};

/** Allowlist env vars (API.md §7), in the order violations are checked. */
export const ALLOWLIST_ENV: ReadonlyArray<{ field: Exclude<CriteriaField, 'platform'>; env: string; label: string }> = [
  { field: 'accelerator', env: 'AICR_ALLOWED_ACCELERATORS', label: 'accelerator' },
  { field: 'service', env: 'AICR_ALLOWED_SERVICES', label: 'service' },
  { field: 'intent', env: 'AICR_ALLOWED_INTENTS', label: 'intent' },
  { field: 'os', env: 'AICR_ALLOWED_OS', label: 'OS' },
];

const literals = <const V extends readonly string[]>(values: V) => Type.Enum([ANY, ...values] as [typeof ANY, ...V]);

/** Normalised criteria: every field canonical, nodes an integer ≥ 0 (0 = any). */
export const Criteria = Type.Object(
  {
    service: literals(SERVICES),
    accelerator: literals(ACCELERATORS),
    intent: literals(INTENTS),
    os: literals(OPERATING_SYSTEMS),
    platform: literals(PLATFORMS),
    nodes: Type.Integer({ minimum: 0, maximum: 2_147_483_647 }),
  },
  { $id: 'Criteria' },
);
export type Criteria = Static<typeof Criteria>;

/** The criteria echo of a RecipeResult: `nodes` only when non-zero (RECIPES.md §2.4). */
export const CriteriaEcho = Type.Object(
  {
    service: Type.String(),
    accelerator: Type.String(),
    intent: Type.String(),
    os: Type.String(),
    platform: Type.String(),
    nodes: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { $id: 'CriteriaEcho' },
);
export type CriteriaEcho = Static<typeof CriteriaEcho>;

export const ANY_CRITERIA: Criteria = { service: 'any', accelerator: 'any', intent: 'any', os: 'any', platform: 'any', nodes: 0 };
