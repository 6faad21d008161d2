import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { renderTemplate } from '/work/main/libs/gotemplate/src/index.ts';
const base = '/work/shared/reference/upstream-recipes/components/';
const gv = parse(readFileSync(base + 'gpu-operator/values.yaml', 'utf8'));
const data = { Values: { 'gpu-operator': gv, 'skyhook-customizations': { service: 'eks', accelerator: 'h100', intent: 'multiNodeTraining', acceleratedTolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }] }, kgateway: { nodeSelector: { 'x/y': 'true' } } }, Release: { Namespace: 'gpu-operator', Service: 'Helm' }, Chart: { Name: 'gpu-operator', Version: '25.10.1' } };
for (const f of ['gpu-operator/manifests/dcgm-exporter.yaml', 'skyhook-customizations/manifests/tuning.yaml', 'kgateway/manifests/inference-gateway.yaml']) {
  const out = renderTemplate(readFileSync(base + f, 'utf8'), data, f);
  console.log('=====', f); console.log(out.split('\n').filter(l => !l.startsWith('#')).slice(0, 60).join('\n'));
}
