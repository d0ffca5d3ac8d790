import type { Job, JobKind, JobState } from '@archive/store';

/**
 * What the jobs page shows of a job beyond what the store keeps: labels in French, its pace and
 * time left while it runs, and its result in a few words. Computed here rather than imported
 * from the API's `publicJob`, so the web UI does not depend on the API package that mounts it;
 * the arithmetic is the same (items since the job started, over the seconds since then).
 */

export const JOB_KIND_LABELS: Record<JobKind, string> = {
  rebuild: 'Reconstruire les index',
  incremental: 'Réindexer les articles modifiés',
  reembed: 'Recalculer les vecteurs',
  ingest: 'Importer la boîte de dépôt',
};

export const JOB_STATE_LABELS: Record<JobState, string> = {
  queued: 'en attente',
  running: 'en cours',
  succeeded: 'terminée',
  failed: 'échouée',
  cancelled: 'annulée',
};

/** Phases the job runner reports, in words; any other shows as is. */
const PHASE_LABELS: Record<string, string> = {
  passages: 'découpage en passages',
  keyword: 'index mots-clés',
  vectors: 'vecteurs',
  embedding: 'calcul des vecteurs',
  check: 'vérification',
  switch: 'bascule',
};

/** Fields of a job's result, in words; any other shows under its own name. */
const RESULT_LABELS: Record<string, string> = {
  generation: 'génération',
  articles: 'articles',
  vectors: 'vecteurs',
  embedded: 'vecteurs calculés',
  files: 'fichiers',
  rejected: 'rejetés',
  seq: 'n° de modification',
  fromSeq: 'depuis la modification',
  since: 'depuis',
  passageScheme: 'découpage',
  passages: 'passages',
  droppedPassageSchemes: 'découpages retirés',
};

/** Parameters of a job, in words. */
const PARAM_LABELS: Record<string, string> = {
  since: 'depuis le', model: 'modèle', dtype: 'précision', targetTokens: 'longueur des passages', maxPassages: 'passages par article',
};

/** The parameters a job was started with, as `label: value` pairs (blank ones left out). */
export function paramsSummary(params: Record<string, unknown>): { label: string; value: string }[] {
  return Object.entries(params)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => ({ label: PARAM_LABELS[key] ?? key, value: typeof value === 'string' ? value : JSON.stringify(value) }));
}

/** Whether a job still holds the one slot for a writing job (so it can be cancelled, and the page follows it). */
export function isActive(job: Pick<Job, 'state'>): boolean {
  return job.state === 'queued' || job.state === 'running';
}

export function phaseLabel(phase: string | null): string | null {
  return phase === null ? null : (PHASE_LABELS[phase] ?? phase);
}

/** Items a second (one decimal) and seconds left at that pace; null while not running or before the first item. */
export function pace(job: Pick<Job, 'state' | 'startedAt' | 'progress'>, now = Date.now()): { rate: number | null; etaSeconds: number | null } {
  const { done, total } = job.progress;
  const seconds = job.startedAt ? (now - Date.parse(job.startedAt)) / 1000 : 0;
  const rate = job.state === 'running' && seconds > 0 && done > 0 ? Math.round((done / seconds) * 10) / 10 : null;
  const etaSeconds = rate && total > done ? Math.round((total - done) / rate) : null;
  return { rate, etaSeconds };
}

/** A duration as people read it: `< 1 s`, `45 s`, `3 min 05 s`, `2 h 07 min`. */
export function formatDuration(seconds: number): string {
  if (seconds < 1) return '< 1 s';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** How long a finished job took; null when it never started or has not ended. */
export function elapsedSeconds(job: Pick<Job, 'startedAt' | 'finishedAt'>): number | null {
  if (!job.startedAt || !job.finishedAt) return null;
  const seconds = (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000;
  return Number.isFinite(seconds) ? seconds : null;
}

/**
 * A succeeded job's result as `label: value` pairs: plain values shown, numbers in French
 * format, lists counted (an ingest keeps its first rejections, too long for a table cell).
 */
export function resultSummary(result: Record<string, unknown> | null): { label: string; value: string }[] {
  if (!result) return [];
  return Object.entries(result).flatMap(([key, value]) => {
    const label = RESULT_LABELS[key] ?? key;
    if (typeof value === 'number') return [{ label, value: value.toLocaleString('fr-FR') }];
    if (typeof value === 'string' || typeof value === 'boolean') return [{ label, value: String(value) }];
    if (Array.isArray(value)) return key === 'rejections' ? [] : [{ label, value: `${value.length.toLocaleString('fr-FR')} élément(s)` }];
    return [];
  });
}
