/** @jsxImportSource hono/jsx */
import type { TagChange } from '@archive/store';
import type { TagSuggestion } from '@archive/tagging';
import { FORM_TOKEN_FIELD } from './form-guard.ts';
import { VIA_LABELS, formatDateTime } from './labels.ts';
import { articleUrl, tagUrl } from './search-url.ts';

/** An article's tags as links to their tag pages: what every visitor sees. */
export function TagLinks({ tags }: { tags: string[] }) {
  if (tags.length === 0) return null;
  return (
    <ul class="tags" aria-label="Étiquettes">
      {tags.map((tag) => (
        <li>
          <a href={tagUrl(tag)}>{tag}</a>
        </li>
      ))}
    </ul>
  );
}

/** What every writing form of one article carries: the anti-forgery token and where "back" goes. */
interface FormContext {
  articleId: string;
  formToken: string;
  /** The search the page was opened from (`/?…`), kept across the post and its redirect. */
  from: string;
}

function Hidden({ form }: { form: FormContext }) {
  return (
    <>
      <input type="hidden" name={FORM_TOKEN_FIELD} value={form.formToken} />
      {form.from !== '/' && <input type="hidden" name="from" value={form.from} />}
    </>
  );
}

const tagsAction = (id: string) => `/articles/${encodeURIComponent(id)}/tags`;

/**
 * An editor's tags: each with its remove button, then a box to add some (comma-separated).
 * Two forms, so that Enter in the box never submits a remove button.
 */
export function TagEditor({ tags, form, addValue }: { tags: string[]; form: FormContext; addValue: string }) {
  return (
    <section class="tag-editor" id="tag-editor" aria-label="Étiquettes">
      <h2>Étiquettes</h2>
      {tags.length === 0 ? (
        <p class="meta">Aucune étiquette.</p>
      ) : (
        <form method="post" action={tagsAction(form.articleId)} id="tag-remove-form">
          <Hidden form={form} />
          <ul class="tags editable">
            {tags.map((tag) => (
              <li data-tag={tag}>
                <a href={tagUrl(tag)}>{tag}</a>
                <button type="submit" name="remove" value={tag} class="remove" title={`Retirer « ${tag} »`} aria-label={`Retirer « ${tag} »`}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        </form>
      )}
      <form method="post" action={tagsAction(form.articleId)} id="tag-add-form" class="add-tags">
        <Hidden form={form} />
        <label for="tag-add">Ajouter</label>
        <input type="text" id="tag-add" name="add" value={addValue} placeholder="étiquette, autre étiquette" maxlength={2000} required autocomplete="off" />
        <button type="submit">Ajouter</button>
      </form>
    </section>
  );
}

/** One suggested tag: why (each reason, the voting articles linked), and accept or reject. */
function Suggestion({ suggestion, form }: { suggestion: TagSuggestion; form: FormContext }) {
  const action = (verb: 'accept' | 'reject') => `/articles/${encodeURIComponent(form.articleId)}/suggestions/${verb}`;
  return (
    <li class="suggestion" data-tag={suggestion.tag}>
      <div class="suggestion-head">
        <strong class="suggested-tag">{suggestion.tag}</strong>
        {!suggestion.inVocabulary && <span class="badge">nouvelle</span>}
        <form method="post" action={action('accept')} class="inline accept-suggestion">
          <Hidden form={form} />
          <input type="hidden" name="tag" value={suggestion.tag} />
          <button type="submit" class="accept">Accepter</button>
        </form>
        <form method="post" action={action('reject')} class="inline reject-suggestion">
          <Hidden form={form} />
          <input type="hidden" name="tag" value={suggestion.tag} />
          <button type="submit" class="reject secondary">Rejeter</button>
        </form>
      </div>
      <ul class="reasons">
        {suggestion.reasons.map((reason) => (
          <li>
            {reason.message}
            {reason.kind === 'neighbours' && reason.articles.length > 0 && (
              <ul class="voters">
                {reason.articles.map((voter) => (
                  <li>
                    <a href={articleUrl(voter.id, form.from)}>{voter.title}</a>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </li>
  );
}

/** Suggested tags, or why there are none (the suggester failing must not take the page down). */
export function Suggestions({ suggestions, form }: { suggestions: TagSuggestion[] | null; form: FormContext }) {
  return (
    <section class="suggestions" id="tag-suggestions" aria-label="Étiquettes suggérées">
      <h2>Suggestions</h2>
      {suggestions === null ? (
        <p class="meta">Suggestions indisponibles pour le moment.</p>
      ) : suggestions.length === 0 ? (
        <p class="meta">Aucune suggestion.</p>
      ) : (
        <ol class="suggestion-list">
          {suggestions.map((suggestion) => (
            <Suggestion suggestion={suggestion} form={form} />
          ))}
        </ol>
      )}
    </section>
  );
}

const tagList = (tags: string[]) => (tags.length ? tags.join(', ') : '∅');

/** The article's tag audit trail, newest first: who changed what, when, and how. */
export function TagHistory({ changes }: { changes: TagChange[] }) {
  const shown = [...changes].reverse().slice(0, 20);
  return (
    <section class="tag-history" id="tag-history" aria-label="Historique des étiquettes">
      <h2>Historique des étiquettes</h2>
      {shown.length === 0 ? (
        <p class="meta">Aucune modification.</p>
      ) : (
        <ol>
          {shown.map((change) => (
            <li>
              <div class="meta">
                <time datetime={change.at}>{formatDateTime(change.at)}</time> · {change.actor} · {VIA_LABELS[change.via] ?? change.via}
              </div>
              <div class="change">
                <span class="before">{tagList(change.before)}</span> → <span class="after">{tagList(change.after)}</span>
              </div>
            </li>
          ))}
        </ol>
      )}
      {changes.length > shown.length && <p class="meta">… et {changes.length - shown.length} modifications plus anciennes.</p>}
    </section>
  );
}

export type { FormContext };
