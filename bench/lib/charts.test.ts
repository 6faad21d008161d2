import { describe, expect, it } from 'vitest';
import type { BundlePoint, CatalogPoint, ScalingResults } from '../suites/scaling';
import { BUNDLE_AXES, CATALOG_AXES, logTicks, renderScalingCharts } from './charts';

const catalog = (label: string, copies: number, overlays: number, resolveP50: number, queryP50: number): CatalogPoint => ({
  label,
  copies,
  overlays,
  components: overlays / 2,
  files: overlays,
  loadMs: overlays,
  loadCpuMs: overlays,
  heapMb: 1,
  rssMb: 100,
  recipeComponents: 20,
  resolveP50,
  resolveP95: resolveP50 * 2,
  queryP50,
  queryP95: queryP50 * 2,
});
const bundle = (components: number, planMs: number, renderMs: number, zipMs: number): BundlePoint => ({
  components,
  files: components * 5,
  zipBytes: components * 5000,
  planMs,
  renderMs,
  zipMs,
  totalMs: planMs + renderMs + zipMs + 1,
});

const fixture: ScalingResults = {
  catalogs: [catalog('ours', 0, 38, 0.1, 0.37), catalog('generated 1×', 1, 39, 0.22, 0.91), catalog('generated 10×', 10, 381, 0.17, 0.59), catalog('generated 100×', 100, 3801, 1.42, 2.29)],
  bundles: [bundle(1, 0.5, 2.3, 1.7), bundle(10, 0.8, 11.2, 5.8), bundle(50, 2.7, 59.5, 24.4)],
};

/** The SVG elements of the data points: one per point, whatever the mark's group looks like. */
const points = (svg: string) => [...svg.matchAll(/<path\b[^>]*\baria-roledescription="point"[^>]*>/g)].map((m) => m[0]);
const texts = (svg: string) => [...svg.matchAll(/<(?:text|tspan)\b[^>]*>([^<]*)</g)].map((m) => m[1]);

describe('scaling charts', () => {
  it('draws the catalog growth: two p50 series on log axes and a dashed linear reference', async () => {
    const { catalog: svg } = await renderScalingCharts(fixture);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toMatch(/^<svg[^>]*\bwidth="\d+"[^>]*\bheight="\d+"/);
    expect(texts(svg)).toEqual(expect.arrayContaining([CATALOG_AXES.x, CATALOG_AXES.y, 'resolve p50', 'query p50', 'linear in catalog size']));
    // One marker per measured value, none on the reference lines.
    const marks = points(svg);
    expect(marks).toHaveLength(fixture.catalogs.length * 2);
    expect(marks.filter((m) => m.includes('series: resolve p50'))).toHaveLength(fixture.catalogs.length);
    expect(marks.some((m) => m.includes('overlays: 3,801; ms: 1.42; series: resolve p50'))).toBe(true);
    // The references: from the smallest catalog's value, growing with the overlays (100.03× here).
    expect(svg).toMatch(/aria-label="overlays: 38; ms: 0\.1; series: resolve p50; kind: linear in catalog size"/);
    const lines = [...svg.matchAll(/<path\b[^>]*\baria-roledescription="line mark"[^>]*>/g)].map((m) => m[0]);
    expect(lines.filter((l) => l.includes('stroke-dasharray="6,4"'))).toHaveLength(2);
    expect(lines.filter((l) => l.includes('kind: measured'))).toHaveLength(2);
  });

  it('draws the bundle growth: total and each stage against the components', async () => {
    const { bundle: svg } = await renderScalingCharts(fixture);
    expect(svg).toMatch(/^<svg[^>]*\bwidth="\d+"[^>]*\bheight="\d+"/);
    expect(texts(svg)).toEqual(expect.arrayContaining([BUNDLE_AXES.x, BUNDLE_AXES.y, 'total', 'render', 'zip', 'plan']));
    const marks = points(svg);
    expect(marks).toHaveLength(fixture.bundles.length * 4);
    expect(marks.some((m) => m.includes('components: 50; ms: 87.6; series: total'))).toBe(true);
  });

  it('renders the same data to the same bytes', async () => {
    const [a, b] = [await renderScalingCharts(fixture), await renderScalingCharts(structuredClone(fixture))];
    expect(b.catalog).toBe(a.catalog);
    expect(b.bundle).toBe(a.bundle);
    expect(a.catalog).not.toMatch(/\d{4}-\d\d-\d\dT/);
  });

  it('leaves out what a log scale cannot place', async () => {
    const broken = { ...fixture, catalogs: [...fixture.catalogs, catalog('failed', 1000, 38001, NaN, 0)] };
    expect(points((await renderScalingCharts(broken)).catalog)).toHaveLength(fixture.catalogs.length * 2);
  });

  it('puts log ticks at 1 and 3 times the powers of ten around the data', () => {
    expect(logTicks(38, 3801)).toEqual([10, 30, 100, 300, 1000, 3000, 10000]);
    expect(logTicks(100, 100)).toEqual([100]);
  });
});
