/**
 * One entry per story: walking a ranked list, the first (best-ranked) member of each
 * near-duplicate group stands for the group, and the later members are folded into it as
 * `versions`. Items in no group stay as they are.
 *
 * @example
 * foldVersions([{ id: 'a' }, { id: 'b' }, { id: 'c' }], new Map([['a', 'g'], ['c', 'g']]))
 * // [{ id: 'a', versions: ['c'] }, { id: 'b', versions: [] }]
 */
export function foldVersions<T extends { id: string }>(items: T[], groupOf: Map<string, string>): (T & { versions: string[] })[] {
  const leaders = new Map<string, T & { versions: string[] }>();
  const folded: (T & { versions: string[] })[] = [];
  for (const item of items) {
    const group = groupOf.get(item.id);
    const leader = group ? leaders.get(group) : undefined;
    if (leader) {
      leader.versions.push(item.id);
      continue;
    }
    const entry = { ...item, versions: [] as string[] };
    if (group) leaders.set(group, entry);
    folded.push(entry);
  }
  return folded;
}
