/**
 * Test helpers for the queue tests (not exported by the lib): hand-built plans and renderers
 * whose behaviour (delay, typed failure, crash) the plan itself asks for, so the same knobs work
 * in-process and across processes.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { AicrError, ErrorCode, type BundlePlan, type PlannedComponent } from '@aicr/contracts';
import { planAround } from '@aicr/testing';
import type { Renderer } from './renderer';

/** Knobs a component's values can carry for the test renderers. */
export interface TestKnobs {
  delayMs?: number;
  /** 'typed': AicrError 400 like a template execution failure; 'crash': a plain exception. */
  fail?: 'typed' | 'crash';
}

const DCGM_LIKE = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: {{ .Release.Namespace }}
data:
  chart: {{ .Chart.Name }}
`;

/** A plan of `n` Helm components (comp-0 … comp-n-1), each with values and two manifests. */
export function handPlan(n: number, knobs: Record<string, TestKnobs> = {}): BundlePlan {
  const components: PlannedComponent[] = Array.from({ length: n }, (_, index) => {
    const name = `comp-${index}`;
    return {
      ref: { name, type: 'Helm', source: 'https://charts.example.com/stable', chart: name, version: `v1.${index}.0`, namespace: `ns-${index}` },
      values: { replicaCount: index + 1, image: { repository: `example/${name}`, tag: '1.0' }, ...(knobs[name] ? { __test: knobs[name] } : {}) },
      manifests: [
        { source: `components/${name}/manifests/static.yaml`, name: 'static.yaml', text: `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns-${index}\n`, templated: false },
        { source: `components/${name}/manifests/settings.yaml`, name: 'settings.yaml', text: DCGM_LIKE, templated: true },
      ],
      index,
    };
  });
  return planAround(components, { warnings: ['test warning'], sourceDateEpoch: 1_700_000_000 });
}

/** handPlan(n) whose first component carries `bytes` of inline overrides, merged into its values as the planner does. */
export function planWithOverrides(n: number, bytes: number): BundlePlan {
  const plan = handPlan(n);
  const overrides = { blob: 'x'.repeat(bytes) };
  const first = plan.components[0]!;
  first.ref.overrides = overrides; // the same object as recipe.componentRefs[0] (planAround)
  first.values = { ...first.values, ...overrides };
  return plan;
}

const knobsOf = (c: PlannedComponent): TestKnobs => ((c.values as { __test?: TestKnobs }).__test ?? {});

/**
 * A renderer that needs none of the bundler: one values file per component and a "zip" that is
 * the JSON of all files (deterministic). Counts render attempts per component.
 */
export function fakeRenderer(attempts = new Map<string, number>()): Renderer & { attempts: Map<string, number> } {
  return {
    attempts,
    async renderComponent(_plan, component) {
      const name = component.ref.name;
      attempts.set(name, (attempts.get(name) ?? 0) + 1);
      const knobs = knobsOf(component);
      // Asynchronous on purpose: the worker keeps renewing its locks meanwhile.
      if (knobs.delayMs) await sleep(knobs.delayMs);
      if (knobs.fail === 'typed') throw new AicrError(ErrorCode.INVALID_REQUEST, 'Invalid request body', { error: `component ${name}: manifests/settings.yaml: boom` });
      if (knobs.fail === 'crash') throw new TypeError(`render of ${name} crashed`);
      return { name, files: [{ path: `${name}/values.yaml`, mode: 0o644, content: JSON.stringify(component.values) }] };
    },
    async assembleBundle(plan, results) {
      const files = results.flatMap((r) => r.files).sort((a, b) => (a.path < b.path ? -1 : 1));
      const zip = Buffer.from(JSON.stringify(files));
      return { zip, files: files.length, size: zip.length, sha256: createHash('sha256').update(zip).digest('hex'), warnings: [...plan.warnings] };
    },
  };
}

/** A plain client for assertions (leftover scans), closed by the caller. */
export function inspector(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1 });
}

/** Polls `check` until it returns true or `ms` passes; returns the last result. */
/** Wraps a renderer and counts render attempts per component. */
export function counting(base: Renderer): Renderer & { attempts: Map<string, number> } {
  const attempts = new Map<string, number>();
  return {
    attempts,
    renderComponent(plan, component) {
      attempts.set(component.ref.name, (attempts.get(component.ref.name) ?? 0) + 1);
      return base.renderComponent(plan, component);
    },
    assembleBundle: (plan, results) => base.assembleBundle(plan, results),
  };
}

/** `handPlan(n)` with one extra templated manifest in comp-1 holding `template`. */
export function planWithTemplate(n: number, template: string): BundlePlan {
  const plan = handPlan(n);
  plan.components[1].manifests.push({ source: 'components/comp-1/manifests/broken.yaml', name: 'broken.yaml', text: `a: ${template}\n`, templated: true });
  return plan;
}
