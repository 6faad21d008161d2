/**
 * The scaling suite's results as two SVG charts (Vega-Lite specs rendered headlessly by Vega,
 * no canvas, no DOM): catalog growth on log-log axes with a linear reference, and bundle time by
 * recipe size. Same results in, same SVG out: no timestamps, random ids or clip-path counters.
 * Writing the files is the runner's business (bench/run.ts), linking them render.ts's.
 */
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ScalingResults } from '../suites/scaling';

/** Where the charts go, relative to docs/ (so also the link from docs/benchmarks.md). */
export const SCALING_CHART_FILES = {
  catalog: 'benchmarks/scaling-catalog.svg',
  bundle: 'benchmarks/scaling-bundle.svg',
} as const;

export interface ScalingCharts {
  catalog: string;
  bundle: string;
}

export const CATALOG_AXES = { x: 'overlays in the catalog (log scale)', y: 'p50, ms (log scale)' } as const;
export const BUNDLE_AXES = { x: 'components in the recipe', y: 'p50, ms' } as const;
const MEASURED = 'measured';
const LINEAR = 'linear in catalog size';

const CONFIG = {
  background: 'white',
  font: 'sans-serif',
  view: { stroke: '#ccc' },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' },
  // Vega without a canvas estimates text widths (generously): a long label would be cut with an ellipsis.
  legend: { labelFontSize: 11, labelLimit: 400, orient: 'top-left', fillColor: 'white', strokeColor: '#ccc', padding: 6 },
  title: { fontSize: 14, subtitleFontSize: 11, anchor: 'start' },
} as const;

// Only values a log scale can place (a failed measurement is NaN in the tables, a gap here).
const plottable = (n: number) => Number.isFinite(n) && n > 0;

/** 1, 3, 10, 30, … from the power of ten below `min` to the one above `max`: readable log ticks. */
export function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) ticks.push(10 ** e, 3 * 10 ** e);
  return ticks.slice(0, -1);
}

/** Resolve and query p50 against the catalog's overlays, each with a slope-1 (linear) reference. */
export function catalogSpec(r: ScalingResults): TopLevelSpec {
  const series = [
    { name: 'resolve p50', value: (c: ScalingResults['catalogs'][number]) => c.resolveP50 },
    { name: 'query p50', value: (c: ScalingResults['catalogs'][number]) => c.queryP50 },
  ];
  const catalogs = r.catalogs.filter((c) => plottable(c.overlays));
  const measured = series.flatMap((s) =>
    catalogs.filter((c) => plottable(s.value(c))).map((c) => ({ catalog: c.label, overlays: c.overlays, ms: s.value(c), series: s.name, kind: MEASURED })),
  );
  // From each series' point at the smallest catalog, growing in proportion to the overlays: on
  // log-log axes a straight line of slope 1, which a sub-linear series stays under.
  const reference = series.flatMap((s) => {
    const points = measured.filter((p) => p.series === s.name);
    if (points.length < 2) return [];
    const first = points.reduce((a, p) => (p.overlays < a.overlays ? p : a));
    const last = points.reduce((a, p) => (p.overlays > a.overlays ? p : a));
    return [first, last].map((p) => ({ catalog: p.catalog, overlays: p.overlays, ms: (first.ms * p.overlays) / first.overlays, series: s.name, kind: LINEAR }));
  });
  const sizes = catalogs.map((c) => c.overlays);
  const x = { field: 'overlays', type: 'quantitative', scale: { type: 'log' }, axis: { title: CATALOG_AXES.x, format: ',d', values: logTicks(Math.min(...sizes), Math.max(...sizes)) } } as const;
  const y = { field: 'ms', type: 'quantitative', scale: { type: 'log' }, axis: { title: CATALOG_AXES.y, format: '~g' } } as const;
  const color = { field: 'series', type: 'nominal', scale: { domain: series.map((s) => s.name), range: ['#1f77b4', '#ff7f0e'] }, legend: { title: null } } as const;
  const strokeDash = { field: 'kind', type: 'nominal', scale: { domain: [MEASURED, LINEAR], range: [[1, 0], [6, 4]] }, legend: { title: null, symbolType: 'stroke', symbolSize: 300, symbolStrokeColor: '#555', symbolStrokeWidth: 1.5 } } as const;
  return {
    ...frame('Catalog growth: uncached resolve and query time', ['p50 of one call against the overlays in the catalog;', 'dashed: the same growth as the catalog (linear)']),
    layer: [
      { data: { values: reference }, mark: { type: 'line', strokeWidth: 1.5, opacity: 0.7 }, encoding: { x, y, color, strokeDash, detail: { field: 'series' } } },
      { data: { values: measured }, mark: { type: 'line', strokeWidth: 2, point: { filled: true, size: 50 } }, encoding: { x, y, color, strokeDash } },
    ],
  };
}

/** What both charts share: schema, title, plot size, look. */
function frame(text: string, subtitle: string[]) {
  return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title: { text, subtitle }, width: 560, height: 320, config: CONFIG } as const;
}

/** Total bundle time and its plan / render / zip stages against the recipe's components. */
export function bundleSpec(r: ScalingResults): TopLevelSpec {
  const series = [
    { name: 'total', value: (b: ScalingResults['bundles'][number]) => b.totalMs },
    { name: 'render', value: (b: ScalingResults['bundles'][number]) => b.renderMs },
    { name: 'zip', value: (b: ScalingResults['bundles'][number]) => b.zipMs },
    { name: 'plan', value: (b: ScalingResults['bundles'][number]) => b.planMs },
  ];
  const values = series.flatMap((s) => r.bundles.filter((b) => Number.isFinite(s.value(b))).map((b) => ({ components: b.components, ms: s.value(b), series: s.name })));
  return {
    ...frame('Bundle growth: in-process bundle time', ['p50 of the whole bundle and of each stage', '(separate p50s: the stages do not add up to the total)']),
    data: { values },
    mark: { type: 'line', strokeWidth: 2, point: { filled: true, size: 50 } },
    encoding: {
      x: { field: 'components', type: 'quantitative', scale: { domainMin: 0 }, axis: { title: BUNDLE_AXES.x, format: 'd' } },
      y: { field: 'ms', type: 'quantitative', axis: { title: BUNDLE_AXES.y } },
      color: { field: 'series', type: 'nominal', scale: { domain: series.map((s) => s.name), range: ['#222222', '#1f77b4', '#ff7f0e', '#2ca02c'] }, legend: { title: null } },
    },
  };
}

/** A Vega-Lite spec as an SVG document. */
export async function toSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return `${await view.toSVG()}\n`;
  } finally {
    view.finalize();
  }
}

export async function renderScalingCharts(r: ScalingResults): Promise<ScalingCharts> {
  return { catalog: await toSvg(catalogSpec(r)), bundle: await toSvg(bundleSpec(r)) };
}
