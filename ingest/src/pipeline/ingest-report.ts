import type { ErrorCode, InputError } from '@archive/core';

/** One input that was not ingested, and why. */
export interface Rejection {
  file: string | null;
  line: number | null;
  record: number | null;
  field: string | null;
  code: ErrorCode;
  reason: string;
}

export interface IngestReport {
  files: number;
  /** Records read (rejected ones included). */
  read: number;
  new: number;
  updated: number;
  unchanged: number;
  /** Pages skipped because their URL belongs to an article stored with an id of its own. */
  duplicates: number;
  rejected: Rejection[];
  /** Passages embedded in this run (texts already embedded are never embedded again). */
  embedded: number;
  /** Passages still without a vector (model unavailable or run interrupted). */
  unembedded: number;
  seconds: { reading: number; embedding: number; total: number };
}

export function toRejection(error: InputError): Rejection {
  const { file = null, line = null, record = null, field = null } = error.location;
  return { file, line, record, field, code: error.code, reason: error.message };
}

/** The report as a few human lines, rejections listed (up to `maxRejections`). */
export function formatReport(report: IngestReport, maxRejections = 50): string {
  const lines = [
    `Read ${report.read} records from ${report.files} files: ${report.new} new, ${report.updated} updated, ` +
      `${report.unchanged} unchanged, ${report.duplicates} duplicates, ${report.rejected.length} rejected.`,
    `New vectors for ${report.embedded} passages; ${report.unembedded} still without a vector. ` +
      `Time: ${report.seconds.total.toFixed(1)} s (reading and storing ${report.seconds.reading.toFixed(1)} s, ` +
      `embedding ${report.seconds.embedding.toFixed(1)} s).`,
  ];
  if (report.rejected.length) {
    lines.push('Rejected:');
    for (const rejection of report.rejected.slice(0, maxRejections)) lines.push(`  [${rejection.code}] ${rejection.reason}`);
    if (report.rejected.length > maxRejections) lines.push(`  … and ${report.rejected.length - maxRejections} more`);
  }
  return lines.join('\n');
}
