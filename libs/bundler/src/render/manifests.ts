import { compileTemplate, TemplateExecError, TemplateParseError } from '@aicr/gotemplate';
import { AicrError, ErrorCode, invalidRequest, type PlannedComponent, type PlannedManifest } from '@aicr/contracts';
import { parseAllDocuments } from 'yaml';
import { byteOrder } from './checksums';

/** One rendered manifest that survived the empty-rendering rule (BUNDLES.md §5). */
export interface RenderedManifest {
  name: string;
  content: string;
}

/** Template data of BUNDLES.md §5: Helm-like, built from the plan only. */
export function templateData(component: PlannedComponent): Record<string, unknown> {
  const ref = component.ref;
  return {
    Values: { [ref.name]: component.values },
    Release: { Namespace: ref.namespace ?? '', Service: 'Helm' },
    Chart: { Name: ref.chart || ref.name, Version: (ref.version ?? '').replace(/^v/, '') || '0.1.0' },
  };
}

/** Every line blank, a comment or a document separator: the rendering says nothing. */
export const isEmptyRendering = (text: string): boolean =>
  text.split('\n').every((l) => {
    const t = l.trim();
    return t === '' || t.startsWith('#') || t === '---';
  });

/** Why a rendering does not parse as YAML, or null. */
function yamlProblem(text: string): string | null {
  for (const doc of parseAllDocuments(text)) {
    // First line only: the rest is a snippet of the rendering.
    if (doc.errors.length > 0) return doc.errors[0].message.split('\n')[0];
  }
  return null;
}

function badManifest(component: PlannedComponent, m: PlannedManifest, why: string): AicrError {
  return invalidRequest('Invalid request body', {
    error:
      `component ${component.ref.name}: manifest ${m.source} ${why}; check the values supplied for this ` +
      `component (set, inline overrides, scheduling parameters)`,
  });
}

/**
 * Render a component's manifests: untemplated files are copied byte for byte, templated ones go
 * through the engine (which escapes every printed value as a YAML scalar) and are parsed back as
 * YAML; empty renderings are dropped. Output is sorted by source path so it never depends on
 * plan order.
 */
export function renderManifests(component: PlannedComponent): RenderedManifest[] {
  const sorted = [...component.manifests].sort((a, b) => byteOrder(a.source, b.source));
  const seen = new Set<string>();
  const out: RenderedManifest[] = [];
  let data: Record<string, unknown> | undefined;
  for (const m of sorted) {
    // The planner rejects duplicate basenames; two entries writing one file must never pass.
    if (seen.has(m.name)) throw badManifest(component, m, `has the same file name as another manifest (${m.name})`);
    seen.add(m.name);
    let text: string;
    if (!m.templated) {
      text = m.text;
    } else {
      let tpl;
      try {
        tpl = compileTemplate(m.text, m.source);
      } catch (e) {
        if (e instanceof TemplateParseError || !(e instanceof AicrError)) {
          throw new AicrError(
            ErrorCode.INTERNAL_ERROR,
            'Failed to generate bundle',
            { error: `component ${component.ref.name}: manifest ${m.source} does not parse: ${(e as Error).message}` },
            { cause: e },
          );
        }
        throw e;
      }
      try {
        text = tpl.execute((data ??= templateData(component)));
      } catch (e) {
        if (e instanceof TemplateExecError) throw badManifest(component, m, `failed to render: ${(e as Error).message}`);
        throw e;
      }
    }
    if (isEmptyRendering(text)) continue;
    if (m.templated) {
      const problem = yamlProblem(text);
      if (problem !== null) throw badManifest(component, m, `does not render to valid YAML (${problem})`);
    }
    out.push({ name: m.name, content: text });
  }
  return out;
}
