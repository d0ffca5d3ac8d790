/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { ArchiveError, parseTag } from '@archive/core';
import { BadRequestError, parseSearchParams, type SearchRequest, type SearchService } from '@archive/search';
import { MAX_BULK_ARTICLES, type TagService } from '@archive/tagging';
import { BulkTagConfirmPage, BulkTagDonePage } from './bulk-tag-page.tsx';
import { editorForm } from './editor-guard.tsx';
import { readForm, splitTags } from './form-data.ts';
import { FORM_TOKEN_FIELD, sameOrigin } from './form-guard.ts';
import { MessagePage } from './message-page.tsx';
import { refusalMessage } from './refusal.ts';
import { render } from './render.ts';
import { TagPage } from './tag-page.tsx';
import { canEdit, viewerOf, type WebContext, type WebEnv } from './web-env.ts';

interface Deps {
  search: SearchService;
  tags: TagService;
}

/** Articles per tag page. */
const TAG_PAGE_SIZE = 20;
/** Fields of the bulk form that are not search parameters. */
const BULK_FIELDS = ['add', 'remove', 'expectedCount', FORM_TOKEN_FIELD];

function badRequest(c: WebContext, error: unknown) {
  const message = error instanceof BadRequestError ? `Paramètre « ${error.parameter} » invalide : ${error.message}` : (refusalMessage(error) ?? 'Requête invalide.');
  return render(c, <MessagePage viewer={viewerOf(c)} message={message} />, 400);
}

/**
 * `/tags/:tag` (every article with a tag, for everyone) and `/bulk-tag` (an editor tags every
 * result of a search: GET counts and asks, POST runs what was confirmed).
 */
export function tagRoutes({ search, tags }: Deps): Hono<WebEnv> {
  const web = new Hono<WebEnv>();

  web.get('/tags/:tag', async (c) => {
    let tag: string;
    let page: number;
    try {
      tag = parseTag(c.req.param('tag')).label;
      page = Number(c.req.query('page') ?? '1');
      if (!Number.isInteger(page) || page < 1 || page > 1000) throw new BadRequestError('page', 'expected a whole number from 1 to 1000');
    } catch (error) {
      if (!(error instanceof ArchiveError)) throw error;
      return badRequest(c, error);
    }
    const request: SearchRequest = { q: '', mode: 'keyword', filters: { tags: [tag] }, page, size: TAG_PAGE_SIZE };
    const response = await search.search(request);
    return render(c, <TagPage tag={tag} request={request} response={response} viewer={viewerOf(c)} />);
  });

  /** The articles a bulk operation would change now: the same set `TagService.bulk` acts on. */
  const countMatching = async (request: SearchRequest) => (await search.matchingIds(request, MAX_BULK_ARTICLES + 1)).length;

  web.get('/bulk-tag', async (c) => {
    const viewer = viewerOf(c);
    if (!canEdit(viewer)) {
      const message = viewer.principal ? `Le compte ${viewer.principal.name} n’a pas le rôle éditeur.` : 'Connectez-vous comme éditeur pour étiqueter des résultats.';
      return render(c, <MessagePage viewer={viewer} message={message} signInNext={viewer.path} />, 403);
    }
    let request: SearchRequest;
    try {
      request = parseSearchParams(new URL(c.req.url).searchParams);
    } catch (error) {
      if (!(error instanceof ArchiveError)) throw error;
      return badRequest(c, error);
    }
    const count = await countMatching(request);
    return render(c, <BulkTagConfirmPage viewer={viewer} request={request} count={count} add="" remove="" message={null} />);
  });

  web.post('/bulk-tag', sameOrigin, editorForm, async (c) => {
    const viewer = viewerOf(c);
    if (!canEdit(viewer)) throw new Error('editorForm let a non-editor through');
    const form = await readForm(c);
    let request: SearchRequest;
    try {
      request = parseSearchParams(form, { allow: BULK_FIELDS });
    } catch (error) {
      if (!(error instanceof ArchiveError)) throw error;
      return badRequest(c, error);
    }
    const add = form.get('add') ?? '';
    const remove = form.get('remove') ?? '';
    const expectedCount = Number(form.get('expectedCount'));
    const again = async (message: string, status: 400 | 409) =>
      render(c, <BulkTagConfirmPage viewer={viewer} request={request} count={await countMatching(request)} add={add} remove={remove} message={message} />, status);
    if (!Number.isInteger(expectedCount) || expectedCount < 0) return again('Le nombre d’articles confirmé manque : vérifiez le décompte et confirmez à nouveau.', 400);
    try {
      const { q, mode, filters } = request;
      const result = await tags.bulk({ search: { q, mode, filters }, add: splitTags([add]), remove: splitTags([remove]), expectedCount }, viewer.principal);
      return render(c, <BulkTagDonePage viewer={viewer} request={request} matched={result.matched} changed={result.changed} />);
    } catch (error) {
      if (error instanceof ArchiveError && error.code === 'CONFLICT') {
        return again(`Le nombre d’articles a changé depuis le décompte (${expectedCount.toLocaleString('fr-FR')} alors) : rien n’a été modifié. Vérifiez le nouveau nombre et confirmez à nouveau.`, 409);
      }
      const message = refusalMessage(error);
      if (message === null) throw error;
      return again(message, 400);
    }
  });

  return web;
}
