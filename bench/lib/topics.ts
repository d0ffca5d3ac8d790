import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface Topic {
  id: string;
  query: string;
  kind: string;
}

/** Topics (`topics.jsonl`) and graded judgements (`qrels.txt`: topic, 0, article id, grade) of a set laid out like orangesum-fr-topics. */
export function loadTopics(dir: string): { topics: Topic[]; grades: Map<string, Map<string, number>> } {
  const topics = readFileSync(path.join(dir, 'topics.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Topic);
  const grades = new Map<string, Map<string, number>>();
  for (const line of readFileSync(path.join(dir, 'qrels.txt'), 'utf8').trim().split('\n')) {
    const [topic, , id, grade] = line.split(/\s+/) as [string, string, string, string];
    if (!grades.has(topic)) grades.set(topic, new Map());
    grades.get(topic)!.set(id, Number(grade));
  }
  return { topics, grades };
}
