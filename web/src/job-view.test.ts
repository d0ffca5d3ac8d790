import { describe, expect, it } from 'vitest';
import { formatDuration, pace, resultSummary } from './job-view.ts';

describe('job view', () => {
  it('gives a running job its pace and time left, and nothing to others', () => {
    const startedAt = '2025-01-01T00:00:00.000Z';
    const now = Date.parse(startedAt) + 10_000;
    expect(pace({ state: 'running', startedAt, progress: { done: 50, total: 150 } }, now)).toEqual({ rate: 5, etaSeconds: 20 });
    expect(pace({ state: 'running', startedAt, progress: { done: 0, total: 150 } }, now)).toEqual({ rate: null, etaSeconds: null });
    expect(pace({ state: 'succeeded', startedAt, progress: { done: 150, total: 150 } }, now)).toEqual({ rate: null, etaSeconds: null });
  });

  it('reads durations and results in French', () => {
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(7620)).toBe('2 h 07 min');
    expect(resultSummary({ generation: 'g1', articles: 1200, rejections: [{}], nested: { a: 1 } })).toEqual([
      { label: 'génération', value: 'g1' },
      { label: 'articles', value: (1200).toLocaleString('fr-FR') },
    ]);
  });
});
