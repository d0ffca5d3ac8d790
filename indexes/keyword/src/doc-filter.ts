import { TopK, tagKey } from '@archive/core';
import type { ArticleFilters } from '@archive/store';
import type { DocColumns, ValueCodes } from './doc-columns.ts';
import { EMPTY_FACETS, type FacetCounts } from './keyword-index.ts';

/** Most tag values counted per search: a facet list, not the vocabulary. */
const MAX_TAG_FACETS = 50;

/**
 * A search's filters checked against the in-memory columns, one check per filter so that each
 * facet can leave its own out. Same meaning as the store's `filterClause`: dates compare as
 * text, inclusive; sections and languages by value; tags by key, any of them; authors (looked up
 * in `doc_authors` by the caller) any of them.
 *
 * @example
 * const filter = new DocFilter(columns, { sections: ['france'] }, null);
 * filter.passes(rowid);
 */
export class DocFilter {
  private readonly dateOk: Uint8Array | null;
  private readonly sectionOk: Uint8Array | null;
  private readonly langOk: Uint8Array | null;
  private readonly tagOk: Uint8Array | null;

  /** `authorRows`: the rowids of the documents by one of the filter's authors (null: no author filter). */
  constructor(
    private readonly columns: DocColumns,
    filters: ArticleFilters,
    private readonly authorRows: Set<number> | null,
  ) {
    const { dateFrom, dateTo } = filters;
    this.dateOk =
      dateFrom || dateTo
        ? Uint8Array.from(columns.dates.values, (date) => Number(date !== null && (!dateFrom || date >= dateFrom) && (!dateTo || date <= dateTo)))
        : null;
    this.sectionOk = allowedCodes(columns.sections, filters.sections);
    this.langOk = allowedCodes(columns.langs, filters.langs);
    this.tagOk = allowedCodes(columns.tagKeys, filters.tags?.map(tagKey));
  }

  author(rowid: number): boolean {
    return !this.authorRows || this.authorRows.has(rowid);
  }

  date(rowid: number): boolean {
    return !this.dateOk || this.dateOk[this.columns.date[rowid]!] === 1;
  }

  section(rowid: number): boolean {
    return !this.sectionOk || this.sectionOk[this.columns.section[rowid]!] === 1;
  }

  lang(rowid: number): boolean {
    return !this.langOk || this.langOk[this.columns.lang[rowid]!] === 1;
  }

  tag(rowid: number): boolean {
    if (!this.tagOk) return true;
    const { tagStart, tagCount, tagPairs } = this.columns;
    const start = tagStart[rowid]!;
    for (let i = start; i < start + 2 * tagCount[rowid]!; i += 2) if (this.tagOk[tagPairs[i]!] === 1) return true;
    return false;
  }

  passes(rowid: number): boolean {
    return this.author(rowid) && this.section(rowid) && this.lang(rowid) && this.date(rowid) && this.tag(rowid);
  }

  /**
   * The total of `rowids` that pass, and the facet counts (each facet without its own filter),
   * in one pass. Tags are counted by key and named by their first spelling in text order.
   */
  count(rowids: Iterable<number>, withFacets: boolean): { total: number; facets: FacetCounts | null } {
    const { columns } = this;
    let total = 0;
    if (!withFacets) {
      for (const rowid of rowids) if (this.passes(rowid)) total++;
      return { total, facets: null };
    }
    const sectionCounts = new Uint32Array(columns.sections.values.length);
    const langCounts = new Uint32Array(columns.langs.values.length);
    const yearCounts = new Uint32Array(columns.years.values.length);
    const tagCounts = new Uint32Array(columns.tagKeys.values.length);
    const tagLabel = new Uint32Array(columns.tagKeys.values.length);
    const labels = columns.tagLabels.values;
    for (const rowid of rowids) {
      if (!this.author(rowid)) continue;
      const ps = this.section(rowid);
      const pl = this.lang(rowid);
      const pd = this.date(rowid);
      const pt = this.tag(rowid);
      if (ps && pl && pd && pt) total++;
      if (pl && pd && pt) sectionCounts[columns.section[rowid]!]!++;
      if (ps && pd && pt) langCounts[columns.lang[rowid]!]!++;
      if (ps && pl && pt) yearCounts[columns.yearCode(rowid)]!++;
      if (!(ps && pl && pd)) continue;
      const start = columns.tagStart[rowid]!;
      for (let i = start; i < start + 2 * columns.tagCount[rowid]!; i += 2) {
        const key = columns.tagPairs[i]!;
        const label = columns.tagPairs[i + 1]!;
        tagCounts[key]!++;
        // The smallest spelling, as SQL's min(label) gave.
        if (tagLabel[key] === 0 || labels[label]! < labels[tagLabel[key]!]!) tagLabel[key] = label;
      }
    }
    const facets = EMPTY_FACETS();
    fill(facets.section, columns.sections, sectionCounts);
    fill(facets.lang, columns.langs, langCounts);
    fill(facets.year, columns.years, yearCounts);
    const top = new TopK<number>(MAX_TAG_FACETS, (a, b) => tagCounts[a]! - tagCounts[b]! || (labels[tagLabel[b]!]! < labels[tagLabel[a]!]! ? -1 : 1));
    for (let key = 1; key < tagCounts.length; key++) if (tagCounts[key]! > 0) top.offer(key);
    for (const key of top.sorted()) facets.tag[labels[tagLabel[key]!]!] = tagCounts[key]!;
    return { total, facets: sortFacets(facets) };
  }
}

/** Flags by code of the values a filter allows, or null when it allows any. */
function allowedCodes(codes: ValueCodes, values: string[] | undefined): Uint8Array | null {
  if (!values?.length) return null;
  const allowed = new Uint8Array(codes.values.length);
  for (const value of values) {
    const code = codes.find(value);
    if (code !== undefined) allowed[code] = 1;
  }
  return allowed;
}

function fill(target: Record<string, number>, codes: ValueCodes, counts: Uint32Array): void {
  for (let code = 1; code < counts.length; code++) if (counts[code]! > 0) target[codes.values[code]!] = counts[code]!;
}

/** Facet values by count, most first (callers may list them as they come). */
function sortFacets(counts: FacetCounts): FacetCounts {
  for (const facet of Object.keys(counts) as (keyof FacetCounts)[]) {
    counts[facet] = Object.fromEntries(Object.entries(counts[facet]).sort((a, b) => b[1] - a[1]));
  }
  return counts;
}
