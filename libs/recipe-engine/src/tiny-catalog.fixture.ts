import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A minimal valid catalog for tests (test-only; not exported by the package). Tests change
 * single files to produce broken catalogs.
 */
export const TINY_CATALOG: Readonly<Record<string, string>> = {
  'registry.yaml': `apiVersion: aicr.nvidia.com/v1alpha1
kind: ComponentRegistry
components:
  - name: alpha
    helm:
      defaultRepository: https://charts.example.com
      defaultChart: example/alpha
      defaultVersion: 1.10
      defaultNamespace: alpha-ns
  - name: beta
    helm:
      defaultRepository: https://charts.example.com
  - name: gamma
    kustomize:
      defaultSource: https://github.com/example/gamma
      defaultPath: deploy
      defaultTag: v1
`,
  'overlays/base.yaml': `kind: RecipeMetadata
apiVersion: aicr.nvidia.com/v1alpha1
metadata:
  name: base
spec:
  constraints:
    - name: K8s.server.version
      value: ">= 1.25"
  componentRefs:
    - name: alpha
      type: Helm
      version: 2.55.0
      valuesFile: components/alpha/values.yaml
    - name: beta
      type: Helm
      version: 1.10
      dependencyRefs: [alpha]
`,
  'overlays/eks.yaml': `kind: RecipeMetadata
apiVersion: aicr.nvidia.com/v1alpha1
metadata:
  name: eks
spec:
  criteria:
    service: eks
  componentRefs:
    - name: alpha
      valuesFile: components/alpha/values-eks.yaml
      overrides:
        image: {tag: "1.0"}
    - name: gamma
      manifestUrls:
        - https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.2.1/standard-install.yaml
  validation:
    conformance:
      checks: [platform-health]
`,
  'overlays/eks-training.yaml': `kind: RecipeMetadata
apiVersion: aicr.nvidia.com/v1alpha1
metadata:
  name: eks-training
spec:
  base: eks
  criteria:
    service: eks
    intent: training
  constraints:
    - name: K8s.server.version
      value: ">= 1.30"
  validation:
    readiness:
      timeout: 10m
`,
  'components/alpha/values.yaml': `replicas: 1
image:
  repository: example/alpha
  tag: latest
list: [a, b]
`,
  'components/alpha/values-eks.yaml': `list: []
storage: null
`,
  'components/alpha/manifests/extra.yaml': `{{- if .Values.enabled }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}
{{- end }}
`,
  'checks/alpha/health-check.yaml': 'not: [valid yaml\n',
  'validators/catalog.yaml': 'kind: ValidatorCatalog\napiVersion: aicr.nvidia.com/v1\n',
};

/** Writes `TINY_CATALOG` with `changes` applied (null deletes a file) to a fresh temp dir. */
export async function writeCatalog(changes: Record<string, string | null> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'aicr-catalog-'));
  const files: Record<string, string | null> = { ...TINY_CATALOG, ...changes };
  for (const [path, text] of Object.entries(files)) {
    if (text === null) continue;
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}
