/** An article as the product knows it, whatever format it came from. */
export interface Article {
  /** Stable identifier: the source's own id, else derived from the URL, else from title and date. */
  id: string;
  url: string | null;
  title: string;
  /** Standfirst / lead (chapô). */
  summary: string | null;
  /** Plain text, paragraphs separated by a blank line. */
  body: string;
  authors: string[];
  /** Publication date, `YYYY-MM-DD`. */
  date: string | null;
  /** Full publication timestamp when known (ISO 8601). */
  published: string | null;
  section: string | null;
  tags: string[];
  /** ISO 639-1 language code. */
  lang: string | null;
  /** Where the record was read from (file path), for provenance and error reports. */
  source: string | null;
}

/** What the HTML extractor recovers from one page. */
export interface ExtractedArticle {
  title: string | null;
  summary: string | null;
  body: string;
  authors: string[];
  date: string | null;
  published: string | null;
  section: string | null;
  tags: string[];
  lang: string | null;
  url: string | null;
}

/** One chunk of an article, the unit that is embedded and found by semantic search. */
export interface Passage {
  articleId: string;
  ordinal: number;
  text: string;
}
