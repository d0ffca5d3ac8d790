import { describe, expect, it } from 'vitest';
import { PassageLabels } from './passage-labels.ts';

describe('PassageLabels', () => {
  it("keeps each passage's article and each article's passages as they come and go", () => {
    const labels = new PassageLabels();
    labels.add(1, 'a');
    labels.add(2, 'a');
    labels.add(3, 'b');
    expect(labels.size).toBe(3);
    expect(labels.passagesOf(['a', 'b', 'never'])).toEqual([1, 2, 3]);
    expect(labels.remove(1)).toBe(true);
    expect(labels.remove(1)).toBe(false);
    expect(labels.articleOf(1)).toBeUndefined();
    expect(labels.ofArticle('a')).toEqual([2]);
    labels.remove(2);
    expect(labels.ofArticle('a')).toEqual([]);
    expect([...labels.toMap()]).toEqual([[3, 'b']]);
  });

  it('moves its version on every change and only then', () => {
    const labels = new PassageLabels();
    const start = labels.version;
    labels.add(7, 'x');
    const added = labels.version;
    expect(added).not.toBe(start);
    labels.remove(8); // not held: nothing changes
    expect(labels.version).toBe(added);
    labels.remove(7);
    expect(labels.version).not.toBe(added);
  });
});
