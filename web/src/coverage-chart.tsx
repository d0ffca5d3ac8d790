/** @jsxImportSource hono/jsx */
import type { CoverageGranularity, CoveragePeriod, SearchRequest } from '@archive/search';
import { counted } from './labels.ts';
import { narrowToPeriod, searchUrl } from './search-url.ts';

/** The drawing's own units (the SVG scales to the page width). */
const WIDTH = 960;
const HEIGHT = 190;
const PLOT = { left: 48, right: 8, top: 14, bottom: 40 };
/** Narrowest room, in drawing units, an axis label needs. */
const LABEL_ROOM = 40;
/** Widest bar: a few periods draw columns, not slabs. */
const MAX_BAR = 64;
const MONTHS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];
const NICE_STEPS = [1, 2, 5, 10, 20, 50, 100];

/** `2020` → `2020`; `2020-03` → `mars 2020`. */
export function periodLabel(period: string): string {
  return period.length === 4 ? period : `${MONTHS[Number(period.slice(5, 7)) - 1]} ${period.slice(0, 4)}`;
}

/** The smallest nice step (1, 2, 5, 10…) that gives each label `LABEL_ROOM` when bars are `band` wide. */
function labelStep(band: number, periodsPerStep = 1): number {
  return NICE_STEPS.find((step) => step * periodsPerStep * band >= LABEL_ROOM) ?? NICE_STEPS.at(-1)!;
}

/**
 * The labels under the bars: every bar's when there is room (years, or months with the year under
 * each January and the first bar), else every year (or every 2nd, 5th…) at its first bar.
 */
function axisLabels(periods: CoveragePeriod[], granularity: CoverageGranularity, band: number): { index: number; lines: string[] }[] {
  const labels: { index: number; lines: string[] }[] = [];
  periods.forEach(({ period }, index) => {
    const year = Number(period.slice(0, 4));
    if (granularity === 'year') {
      if (year % labelStep(band) === 0 || band >= LABEL_ROOM) labels.push({ index, lines: [period] });
      return;
    }
    const month = Number(period.slice(5, 7));
    if (band >= LABEL_ROOM) labels.push({ index, lines: month === 1 || index === 0 ? [MONTHS[month - 1]!, String(year)] : [MONTHS[month - 1]!] });
    else if (month === 1 && year % labelStep(band, 12) === 0) labels.push({ index, lines: [String(year)] });
  });
  return labels;
}

/**
 * "Coverage over time" of a search: a bar per period (year or month), server-rendered SVG that
 * needs no script. Each bar is a link (SVG `<a href>`) to the same search narrowed to its
 * period, with a `<title>` tooltip; the counts are also in a visually hidden table, for screen
 * readers and for reading without images. Zero bars stay, so gaps in coverage show.
 *
 * @example
 * <CoverageChart request={request} coverage={response.coverage} granularity="year" />
 */
export function CoverageChart({ request, coverage, granularity }: { request: SearchRequest; coverage: CoveragePeriod[]; granularity: CoverageGranularity }) {
  if (coverage.length === 0) return null;
  const max = Math.max(1, ...coverage.map((period) => period.count));
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const band = plotWidth / coverage.length;
  const barWidth = Math.max(1, Math.min(MAX_BAR, band - Math.min(4, band * 0.2)));
  const middle = max >= 4 ? Math.round(max / 2) : null;
  const x = (index: number) => PLOT.left + index * band;
  const y = (count: number) => PLOT.top + plotHeight * (1 - count / max);
  const baseline = PLOT.top + plotHeight;
  const unit = granularity === 'year' ? 'année' : 'mois';
  const [first, last] = [periodLabel(coverage[0]!.period), periodLabel(coverage.at(-1)!.period)];
  const caption = `Articles trouvés par ${unit}, ${first === last ? `en ${first}` : `de ${first} à ${last}`}`;
  const link = (period: string) => searchUrl(request, { page: 1, filters: narrowToPeriod(request.filters, period) });
  const fixed = (value: number) => Math.round(value * 10) / 10;
  return (
    <figure class="coverage" id="coverage">
      <figcaption id="coverage-caption">
        {caption} <span class="hint">— un clic sur une barre restreint la recherche à sa période.</span>
      </figcaption>
      <svg
        id="coverage-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="group" aria-labelledby="coverage-caption"
        data-granularity={granularity} preserveAspectRatio="xMidYMid meet"
      >
        <line class="axis" x1={PLOT.left} x2={WIDTH - PLOT.right} y1={baseline} y2={baseline} />
        <line class="grid" x1={PLOT.left} x2={WIDTH - PLOT.right} y1={PLOT.top} y2={PLOT.top} />
        <text class="y-label" x={PLOT.left - 6} y={PLOT.top + 4}>{max.toLocaleString('fr-FR')}</text>
        {middle !== null && (
          <>
            <line class="grid" x1={PLOT.left} x2={WIDTH - PLOT.right} y1={fixed(y(middle))} y2={fixed(y(middle))} />
            <text class="y-label" x={PLOT.left - 6} y={fixed(y(middle) + 4)}>{middle.toLocaleString('fr-FR')}</text>
          </>
        )}
        <text class="y-label" x={PLOT.left - 6} y={baseline + 4}>0</text>
        {coverage.map(({ period, count }, index) => {
          const label = `${periodLabel(period)} : ${counted(count, 'article')}`;
          const top = y(count);
          return (
            <a class={count === 0 ? 'bar empty' : 'bar'} href={link(period)} data-period={period} data-count={count} aria-label={label}>
              <title>{label}</title>
              {/* The whole column is the link, so that low and empty bars can be clicked too. */}
              <rect class="hit" x={fixed(x(index))} y={PLOT.top} width={fixed(band)} height={plotHeight} />
              <rect class="fill" x={fixed(x(index) + (band - barWidth) / 2)} y={fixed(top)} width={fixed(barWidth)} height={fixed(Math.max(count > 0 ? 1 : 0, baseline - top))} />
            </a>
          );
        })}
        {axisLabels(coverage, granularity, band).map(({ index, lines }) => (
          <text class="x-label" x={fixed(x(index) + band / 2)} y={baseline + 16}>
            {lines.map((line, n) => (
              <tspan x={fixed(x(index) + band / 2)} dy={n === 0 ? 0 : 14}>{line}</tspan>
            ))}
          </text>
        ))}
      </svg>
      <table class="visually-hidden">
        <caption>{caption}</caption>
        <thead>
          <tr><th scope="col">{granularity === 'year' ? 'Année' : 'Mois'}</th><th scope="col">Articles</th></tr>
        </thead>
        <tbody>
          {coverage.map(({ period, count }) => (
            <tr><th scope="row">{periodLabel(period)}</th><td>{count}</td></tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
