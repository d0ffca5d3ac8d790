import { describe, expect, it } from 'vitest';
import { loadConfig } from '@archive/core';
import { forServing } from './open-archive.ts';

describe('forServing', () => {
  it('runs the model on one thread unless told otherwise, and changes nothing else', () => {
    const config = loadConfig({ env: {} });
    expect(forServing(config)).toEqual({ ...config, model: { ...config.model, threads: 1 } });
    expect(forServing(loadConfig({ env: { ARCHIVE_MODEL_THREADS: '2' } })).model.threads).toBe(2);
  });
});
