/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ArchiveError, PASSAGE_TOKEN_RANGE } from '@archive/core';
import type { JobLauncher } from '@archive/jobs';
import { JOB_KINDS, type JobKind, type JobStore } from '@archive/store';
import { adminForm, notAdmin } from './admin-guard.tsx';
import { AdminJobsPage, EMPTY_JOB_FORM, type JobFormValues } from './admin-jobs-page.tsx';
import { readForm } from './form-data.ts';
import { sameOrigin } from './form-guard.ts';
import { JOB_KIND_LABELS, JOB_STATE_LABELS } from './job-view.ts';
import { render } from './render.ts';
import { canAdminister, viewerOf, type WebContext, type WebEnv } from './web-env.ts';

interface Deps {
  jobs: JobLauncher;
  jobStore: JobStore;
}

/** The longest model name accepted (the API's limit). */
const MAX_MODEL_LENGTH = 200;

/**
 * A job as the start form asks for it, checked as the API checks its JSON: a known kind, and
 * only the parameters of that kind (the form shows every field, since no script hides them).
 */
function jobRequest(form: URLSearchParams): { values: JobFormValues; kind: JobKind; params: Record<string, unknown> } | { values: JobFormValues; error: string } {
  const kindField = form.get('kind') ?? '';
  const values: JobFormValues = {
    kind: (JOB_KINDS as readonly string[]).includes(kindField) ? (kindField as JobKind) : EMPTY_JOB_FORM.kind,
    since: (form.get('since') ?? '').trim(),
    model: (form.get('model') ?? '').trim(),
    targetTokens: (form.get('targetTokens') ?? '').trim(),
  };
  if (values.kind !== kindField) return { values, error: 'Choisissez une tâche dans la liste.' };
  const params: Record<string, unknown> = {};
  if (values.kind === 'incremental' && values.since) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.since) || Number.isNaN(Date.parse(values.since))) {
      return { values, error: `Date « ${values.since} » invalide : attendu AAAA-MM-JJ.` };
    }
    params.since = values.since;
  }
  if (values.kind === 'reembed' && values.model) {
    if (values.model.length > MAX_MODEL_LENGTH) return { values, error: `Nom de modèle trop long (${MAX_MODEL_LENGTH} caractères au plus).` };
    params.model = values.model;
  }
  if (values.kind === 'reembed' && values.targetTokens) {
    const tokens = Number(values.targetTokens);
    const { min, max } = PASSAGE_TOKEN_RANGE;
    if (!Number.isInteger(tokens) || tokens < min || tokens > max) {
      return { values, error: `Longueur des passages « ${values.targetTokens} » invalide : un nombre entier de ${min} à ${max.toLocaleString('fr-FR')} jetons.` };
    }
    params.targetTokens = tokens;
  }
  return { values, kind: values.kind, params };
}

/** Why a job could not start, in French: the one already holding the slot, named. */
function conflictMessage(jobStore: JobStore, error: ArchiveError): string {
  const active = jobStore.active();
  if (!active) return `Tâche refusée : ${error.message}`;
  return `Une tâche est déjà ${JOB_STATE_LABELS[active.state]} (${JOB_KIND_LABELS[active.kind]}, ${active.id}) : une seule à la fois. Attendez qu’elle se termine ou annulez-la.`;
}

/**
 * `/admin/jobs`, for admins only: follow the batch jobs (list, progress, pace, outcome), start
 * one, cancel the one that runs. The jobs run in their own process (`JobLauncher`), so these
 * routes only queue, ask to stop, and read the store. Writes answer 303 to the list, so a reload
 * never posts twice.
 */
export function adminRoutes({ jobs, jobStore }: Deps): Hono<WebEnv> {
  const web = new Hono<WebEnv>();

  const page = (c: WebContext, options: { error?: string; values?: JobFormValues; status?: ContentfulStatusCode } = {}) => {
    const viewer = viewerOf(c);
    if (!canAdminister(viewer)) return notAdmin(c);
    const list = jobStore.list();
    const body = <AdminJobsPage viewer={viewer} jobs={list} now={Date.now()} error={options.error ?? null} values={options.values ?? EMPTY_JOB_FORM} />;
    return render(c, body, options.status ?? 200);
  };

  web.get('/admin/jobs', (c) => page(c));

  web.post('/admin/jobs', sameOrigin, adminForm, async (c) => {
    const principal = c.get('principal');
    if (!principal) throw new Error('adminForm let an anonymous post through');
    const request = jobRequest(await readForm(c));
    if ('error' in request) return page(c, { error: request.error, values: request.values, status: 400 });
    try {
      const job = jobs.start(request.kind, request.params, principal.name);
      c.get('logger')?.info({ actor: principal.name, job: job.id, kind: job.kind }, 'job started from the web');
    } catch (error) {
      if (error instanceof ArchiveError && error.code === 'CONFLICT') return page(c, { error: conflictMessage(jobStore, error), values: request.values, status: 409 });
      throw error;
    }
    return c.redirect('/admin/jobs', 303);
  });

  web.post('/admin/jobs/:id/cancel', sameOrigin, adminForm, (c) => {
    const job = jobs.cancel(c.req.param('id'));
    c.get('logger')?.info({ actor: c.get('principal')?.name, job: job.id, state: job.state }, 'job cancel asked from the web');
    return c.redirect('/admin/jobs', 303);
  });

  return web;
}
