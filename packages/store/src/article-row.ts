import type { Article } from '@archive/core';

/** An article as stored, with its bookkeeping. */
export interface StoredArticle extends Article {
  /** The tags of the source export, before editors' changes (`tags` is what they made of them). */
  sourceTags: string[];
  seq: number;
  contentHash: string;
  textHash: string;
  createdAt: string;
  updatedAt: string;
}

export interface ArticleRow {
  id: string;
  seq: number;
  url: string | null;
  title: string;
  summary: string | null;
  body: string;
  authors: string;
  date: string | null;
  published: string | null;
  section: string | null;
  tags: string;
  source_tags: string;
  lang: string | null;
  source: string | null;
  content_hash: string;
  text_hash: string;
  created_at: string;
  updated_at: string;
}

export function toStoredArticle(row: ArticleRow): StoredArticle {
  return {
    id: row.id,
    url: row.url,
    title: row.title,
    summary: row.summary,
    body: row.body,
    authors: JSON.parse(row.authors) as string[],
    date: row.date,
    published: row.published,
    section: row.section,
    tags: JSON.parse(row.tags) as string[],
    sourceTags: JSON.parse(row.source_tags) as string[],
    lang: row.lang,
    source: row.source,
    seq: row.seq,
    contentHash: row.content_hash,
    textHash: row.text_hash,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

