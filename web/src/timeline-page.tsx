/** @jsxImportSource hono/jsx */
import type { StoredArticle, TimelineEntry } from '@archive/search';
import { Layout } from './layout.tsx';
import { LANGUAGE_NAMES, formatDate } from './labels.ts';
import { articleUrl } from './search-url.ts';
import type { Viewer } from './web-env.ts';

/** A silence longer than this between two articles is shown as a gap in the story. */
const GAP_DAYS = 14;

/**
 * A story's timeline: the articles about it in date order, earliest coverage first, each with its
 * lead; long silences between them are marked, so the reader sees when the paper stopped
 * writing about it and when it came back.
 */
export function TimelinePage({ article, entries, viewer, backUrl }: { article: StoredArticle; entries: TimelineEntry[]; viewer: Viewer; backUrl: string }) {
  return (
    <Layout title={`Chronologie — ${article.title}`} viewer={viewer} lang={article.lang ?? 'fr'}>
      <p>
        <a href={articleUrl(article.id, backUrl)} id="back-to-article">← Retour à l’article</a>
      </p>
      <h1 class="timeline-title">Chronologie de l’histoire</h1>
      <p class="meta" id="timeline-count">
        {entries.length} article{entries.length === 1 ? '' : 's'}
        {entries.length > 1 && ` du ${formatDate(entries[0]!.date)} au ${formatDate(entries[entries.length - 1]!.date)}`}
      </p>
      <ol class="timeline" id="timeline">
        {entries.map((entry) => (
          <li class={entry.current ? 'current' : ''} data-id={entry.id} data-date={entry.date ?? ''}>
            {entry.gapDays !== null && entry.gapDays > GAP_DAYS && (
              <p class="timeline-gap" aria-label={`${entry.gapDays} jours sans article`}>… {entry.gapDays} jours sans article …</p>
            )}
            <time datetime={entry.date ?? undefined}>{formatDate(entry.date)}</time>
            <h2>
              {entry.current ? entry.title : <a href={articleUrl(entry.id, backUrl)}>{entry.title}</a>}
            </h2>
            <p class="meta">
              {entry.section ?? ''}
              {entry.lang && entry.lang !== article.lang && ` · ${LANGUAGE_NAMES[entry.lang] ?? entry.lang}`}
              {entry.current && ' · cet article'}
            </p>
            <p class="lead">{entry.lead}</p>
          </li>
        ))}
      </ol>
    </Layout>
  );
}
