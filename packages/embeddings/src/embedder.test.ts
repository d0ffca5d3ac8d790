import { describe, expect, it } from 'vitest';
import { loadConfig, silentLogger } from '@archive/core';
import { loadEmbedder } from './embedder.ts';

const config = loadConfig({ env: process.env });

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}

describe('loadEmbedder', () => {
  it('embeds with the real model: unit vectors, order kept, translations close', async () => {
    const embedder = await loadEmbedder(config.model, silentLogger());
    expect(embedder.dimensions).toBe(384);
    const texts = [
      'Un incendie a ravagé la cathédrale Notre-Dame de Paris lundi soir.',
      'Le PSG a battu Marseille 2-0 au Parc des Princes.',
      'A fire ravaged Notre-Dame cathedral in Paris on Monday evening.',
    ];
    const [fire, football, fireEn] = await embedder.embedPassages(texts);
    expect(Math.abs(cosine(fire!, fire!) - 1)).toBeLessThan(1e-4);
    expect(cosine(fire!, fireEn!)).toBeGreaterThan(cosine(fire!, football!));
    // Each vector must stay with its text despite the length-sorting inside. (Not bit-equal:
    // the 8-bit model quantises activations per batch, so padding shifts vectors slightly.)
    const [alone] = await embedder.embedPassages([texts[1]!]);
    expect(cosine(alone!, football!)).toBeGreaterThan(0.99);
    expect(cosine(alone!, fire!)).toBeLessThan(0.95);
    const query = await embedder.embedQuery('cathedral fire');
    expect(cosine(query, fireEn!)).toBeGreaterThan(cosine(query, football!));
    expect(await embedder.embedQuery('cathedral fire')).toBe(query);
  });

  it('fails with MODEL_UNAVAILABLE and one clear line when the model is missing', async () => {
    await expect(
      loadEmbedder({ ...config.model, id: 'no-such-model', localDir: '/nonexistent' }, silentLogger()),
    ).rejects.toMatchObject({ code: 'MODEL_UNAVAILABLE', message: expect.stringContaining('no-such-model') });
  });
});
