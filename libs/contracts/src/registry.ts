import { Type, type Static } from 'typebox';

const Paths = Type.Optional(Type.Array(Type.String()));

/** One registry.yaml entry (RECIPES.md §1.4). Unknown fields are kept but ignored. */
export const RegistryEntry = Type.Object(
  {
    name: Type.String(),
    displayName: Type.Optional(Type.String()),
    valueOverrideKeys: Type.Optional(Type.Array(Type.String())),
    helm: Type.Optional(
      Type.Object({
        defaultRepository: Type.Optional(Type.String()),
        defaultChart: Type.Optional(Type.String()),
        defaultVersion: Type.Optional(Type.String()),
        defaultNamespace: Type.Optional(Type.String()),
      }),
    ),
    kustomize: Type.Optional(
      Type.Object({
        defaultSource: Type.Optional(Type.String()),
        defaultPath: Type.Optional(Type.String()),
        defaultTag: Type.Optional(Type.String()),
      }),
    ),
    nodeScheduling: Type.Optional(
      Type.Object({
        system: Type.Optional(Type.Object({ nodeSelectorPaths: Paths, tolerationPaths: Paths })),
        accelerated: Type.Optional(
          Type.Object({ nodeSelectorPaths: Paths, tolerationPaths: Paths, taintPaths: Paths, taintStrPaths: Paths }),
        ),
        nodeCountPaths: Paths,
      }),
    ),
    podScheduling: Type.Optional(Type.Object({ workload: Type.Optional(Type.Object({ workloadSelectorPaths: Paths })) })),
    validations: Type.Optional(
      Type.Array(
        Type.Object({
          function: Type.String(),
          severity: Type.Optional(Type.String()),
          conditions: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String()))),
          message: Type.Optional(Type.String()),
        }),
      ),
    ),
    healthCheck: Type.Optional(Type.Object({ assertFile: Type.Optional(Type.String()) })),
  },
  { $id: 'RegistryEntry' },
);
export type RegistryEntry = Static<typeof RegistryEntry>;

export const ComponentRegistry = Type.Object({
  apiVersion: Type.Optional(Type.String()),
  kind: Type.Optional(Type.String()),
  components: Type.Array(RegistryEntry),
});
export type ComponentRegistry = Static<typeof ComponentRegistry>;
