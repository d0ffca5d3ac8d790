/** @jsxImportSource hono/jsx */
import { JOB_KINDS, type Job, type JobKind } from '@archive/store';
import { PASSAGE_TOKEN_RANGE } from '@archive/core';
import { FORM_TOKEN_FIELD } from './form-guard.ts';
import { formatDateTime } from './labels.ts';
import { Layout } from './layout.tsx';
import { JOB_KIND_LABELS, JOB_STATE_LABELS, elapsedSeconds, formatDuration, isActive, pace, paramsSummary, phaseLabel, resultSummary } from './job-view.ts';
import type { Viewer } from './web-env.ts';

/** Seconds between reloads of the page while a job is queued or running. */
export const JOBS_REFRESH_SECONDS = 2;

/** What the start form had in it, kept when the form comes back with an error. */
export interface JobFormValues {
  kind: JobKind;
  since: string;
  model: string;
  targetTokens: string;
}

export const EMPTY_JOB_FORM: JobFormValues = { kind: 'rebuild', since: '', model: '', targetTokens: '' };

const number = (value: number) => value.toLocaleString('fr-FR');

/**
 * How far a job got: a `<progress>` bar with `done / total` beside it. A job that does not know
 * its total yet (queued, or a phase that has not counted) gets an indeterminate bar while it is
 * active; an ended one a full or empty bar, as it ended.
 */
function JobProgress({ job }: { job: Job }) {
  const { done, total } = job.progress;
  const label = `Progression de ${job.id}`;
  if (total > 0) {
    return (
      <>
        <progress class="job-progress" max={total} value={Math.min(done, total)} aria-label={label} />
        <span class="progress-text">
          {number(done)} / {number(total)}
        </span>
      </>
    );
  }
  if (isActive(job)) return <progress class="job-progress" aria-label={label} />;
  return <progress class="job-progress" max={1} value={job.state === 'succeeded' ? 1 : 0} aria-label={label} />;
}

/** Items a second and time left, while the job runs and once it has done something to measure. */
function JobPace({ job, now }: { job: Job; now: number }) {
  const { rate, etaSeconds } = pace(job, now);
  if (rate === null) return null;
  return (
    <div class="job-pace meta">
      {rate.toLocaleString('fr-FR')} él./s{etaSeconds !== null && <> · reste ≈ {formatDuration(etaSeconds)}</>}
    </div>
  );
}

/** The parameters a job was started with (`since`, `model`), when there are any. */
function JobParams({ params }: { params: Record<string, unknown> }) {
  const summary = paramsSummary(params);
  if (summary.length === 0) return null;
  return <div class="meta job-params">{summary.map(({ label, value }) => `${label} : ${value}`).join(' · ')}</div>;
}

/** How a job ended: its error if it failed, its result in a few figures if it succeeded. */
function JobOutcome({ job }: { job: Job }) {
  // The runner's own words for a cancellation are in English and say nothing more than the badge.
  if (job.state === 'cancelled') return <span class="meta" title={job.error ?? undefined}>Arrêtée à la demande.</span>;
  if (job.error && job.state !== 'succeeded') return <span class="job-failure">{job.error}</span>;
  if (job.state !== 'succeeded') return null;
  const summary = resultSummary(job.result);
  if (summary.length === 0) return <span class="meta">—</span>;
  return (
    <dl class="job-result">
      {summary.map(({ label, value }) => (
        <>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </>
      ))}
    </dl>
  );
}

function JobRow({ job, formToken, now }: { job: Job; formToken: string; now: number }) {
  const elapsed = elapsedSeconds(job);
  const phase = phaseLabel(job.phase);
  return (
    <tr data-job-id={job.id} data-state={job.state}>
      <td>
        <strong>{JOB_KIND_LABELS[job.kind] ?? job.kind}</strong>
        <div class="meta">
          <code>{job.id}</code>
        </div>
        <JobParams params={job.params} />
      </td>
      <td>
        <span class={`job-state job-state-${job.state}`}>{JOB_STATE_LABELS[job.state] ?? job.state}</span>
        {phase && <div class="meta">{phase}</div>}
      </td>
      <td class="job-progress-cell">
        <JobProgress job={job} />
        <JobPace job={job} now={now} />
      </td>
      <td>{job.createdBy}</td>
      <td class="job-times">
        <div>créée {formatDateTime(job.createdAt)}</div>
        {job.startedAt && <div>démarrée {formatDateTime(job.startedAt)}</div>}
        {job.finishedAt && <div>finie {formatDateTime(job.finishedAt)}</div>}
        {elapsed !== null && <div class="meta">durée {formatDuration(elapsed)}</div>}
      </td>
      <td>
        <JobOutcome job={job} />
      </td>
      <td>
        {isActive(job) &&
          (job.cancelRequested ? (
            <span class="meta">annulation demandée</span>
          ) : (
            <form method="post" action={`/admin/jobs/${encodeURIComponent(job.id)}/cancel`} class="job-cancel">
              <input type="hidden" name={FORM_TOKEN_FIELD} value={formToken} />
              <button type="submit" class="secondary">Annuler</button>
            </form>
          ))}
      </td>
    </tr>
  );
}

/**
 * Starting a job. One form for every kind, so it works without a script to show or hide fields:
 * `since` is read only for an incremental reindex, `model` and `targetTokens` only for a
 * re-embed, which the labels say.
 */
function StartForm({ formToken, values, activeJob }: { formToken: string; values: JobFormValues; activeJob: Job | null }) {
  return (
    <form method="post" action="/admin/jobs" id="job-start-form" class="job-start">
      <input type="hidden" name={FORM_TOKEN_FIELD} value={formToken} />
      <div class="field">
        <label for="job-kind">Tâche</label>
        <select id="job-kind" name="kind">
          {JOB_KINDS.map((kind) => (
            <option value={kind} selected={kind === values.kind}>
              {JOB_KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="job-since">Depuis le</label>
        <input type="date" id="job-since" name="since" value={values.since} aria-describedby="job-since-help" />
        <span class="meta" id="job-since-help">Réindexation seulement ; sans date : depuis la dernière tâche réussie.</span>
      </div>
      <div class="field">
        <label for="job-model">Modèle</label>
        <input type="text" id="job-model" name="model" value={values.model} maxlength={200} spellcheck={false} placeholder="modèle configuré" aria-describedby="job-model-help" />
        <span class="meta" id="job-model-help">Recalcul des vecteurs seulement, facultatif.</span>
      </div>
      <div class="field">
        <label for="job-target-tokens">Longueur des passages</label>
        <input type="number" id="job-target-tokens" name="targetTokens" value={values.targetTokens} min={PASSAGE_TOKEN_RANGE.min} max={PASSAGE_TOKEN_RANGE.max} step={1} placeholder="inchangée" aria-describedby="job-target-tokens-help" />
        <span class="meta" id="job-target-tokens-help">Recalcul des vecteurs seulement, en jetons : toutes les archives sont redécoupées, puis basculées avec leurs vecteurs.</span>
      </div>
      <button type="submit">Lancer</button>
      {activeJob && <p class="notice">Une seule tâche à la fois : « {JOB_KIND_LABELS[activeJob.kind]} » est {JOB_STATE_LABELS[activeJob.state]}.</p>}
    </form>
  );
}

/**
 * The admins' page for batch jobs: every recent job with how far it got, and the form to start
 * one. While a job is queued or running the page reloads itself every few seconds (no script is
 * allowed), except when it answers a refused form: the error would vanish with the reload.
 */
export function AdminJobsPage(props: {
  viewer: Viewer & { formToken: string };
  jobs: Job[];
  now: number;
  error: string | null;
  values: JobFormValues;
}) {
  const { viewer, jobs, now, error, values } = props;
  const activeJob = jobs.find(isActive) ?? null;
  const refresh = activeJob !== null && error === null;
  return (
    <Layout title="Tâches — Archives" viewer={viewer} refreshSeconds={refresh ? JOBS_REFRESH_SECONDS : undefined}>
      <section class="panel jobs">
        <h1>Tâches</h1>
        <p class="meta">
          Reconstructions d’index, réindexations, recalculs de vecteurs et imports, exécutés en arrière-plan.
          {refresh && <> Cette page se met à jour toutes les {JOBS_REFRESH_SECONDS} secondes.</>}
          {!refresh && activeJob && <> <a href="/admin/jobs">Actualiser</a></>}
        </p>
        {error && <p class="error" role="alert" id="job-error">{error}</p>}
        <h2>Lancer une tâche</h2>
        <StartForm formToken={viewer.formToken} values={values} activeJob={activeJob} />
        <h2>Dernières tâches</h2>
        <div class="table-scroll">
          <table id="jobs-table" class="jobs-table">
            <thead>
              <tr>
                <th scope="col">Tâche</th>
                <th scope="col">État</th>
                <th scope="col">Progression</th>
                <th scope="col">Lancée par</th>
                <th scope="col">Dates</th>
                <th scope="col">Résultat</th>
                <th scope="col"><span class="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {jobs.length === 0 && (
                <tr class="empty">
                  <td colspan={7}>Aucune tâche pour l’instant.</td>
                </tr>
              )}
              {jobs.map((job) => (
                <JobRow job={job} formToken={viewer.formToken} now={now} />
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </Layout>
  );
}
