import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODULE = fileURLToPath(new URL('./batch-priority.ts', import.meta.url));

/** Runs `code` in a new Node process (TypeScript through tsx) and returns what it printed. */
function runNode(code: string): string {
  return execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' });
}

describe('runAsBatch', () => {
  it.runIf(process.platform === 'linux')('lowers every thread of the process, and the threads started after it', () => {
    const printed = runNode(`
      import { readdirSync, readFileSync } from 'node:fs';
      import { getPriority } from 'node:os';
      import { Worker } from 'node:worker_threads';
      import { runAsBatch } from ${JSON.stringify(MODULE)};
      // The 19th field of a thread's stat line is its nice value (after the name in parentheses).
      const nices = () => readdirSync('/proc/self/task').map((tid) => Number(readFileSync('/proc/self/task/' + tid + '/stat', 'utf8').split(') ')[1].split(' ')[16]));
      const before = nices();
      // Lower than now, whatever the test runner's own priority.
      const target = Math.min(19, getPriority() + 3);
      runAsBatch(target, { warn: (...args) => console.error(...args) });
      const worker = new Worker('setTimeout(() => {}, 200)', { eval: true });
      await new Promise((done) => setTimeout(done, 100));
      console.log(JSON.stringify({ before, after: nices(), target }));
      await worker.terminate();
    `);
    const { before, after, target } = JSON.parse(printed) as { before: number[]; after: number[]; target: number };
    expect(before.every((nice) => nice === before[0] && nice < target)).toBe(true);
    // Node's own threads, and the worker's (started after): more threads than before, all lowered.
    expect(after.length).toBeGreaterThan(before.length);
    expect(after).toEqual(after.map(() => target));
  });
});
