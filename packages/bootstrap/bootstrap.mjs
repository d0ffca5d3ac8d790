#!/usr/bin/env node
// Makes a machine with only Node.js and npm ready, then runs the demo or the test suite:
//   node packages/bootstrap/bootstrap.mjs demo   (npm run demo)
//   node packages/bootstrap/bootstrap.mjs test   (npm test)
// Plain JavaScript with no dependency: it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const task = process.argv[2];
if (task !== 'demo' && task !== 'test') {
  console.error('usage: bootstrap.mjs demo|test');
  process.exit(2);
}

const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  console.error(`Node.js 20 or later is required (this is ${process.version}).`);
  process.exit(1);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function works(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'ignore' });
  return !result.error && result.status === 0;
}

// Native addons (better-sqlite3, hnswlib-node) compile against the running Node's own headers;
// without this, node-gyp would try to download them.
const nodePrefix = path.resolve(path.dirname(process.execPath), '..');
const env = { ...process.env };
if (!env.npm_config_nodedir && existsSync(path.join(nodePrefix, 'include/node/node.h'))) env.npm_config_nodedir = nodePrefix;

// pnpm at the version package.json pins, through npx when it is not installed.
const pinned = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).packageManager.replace(/\+.*$/, '');
const pnpm = works('pnpm', ['--version']) ? ['pnpm'] : ['npx', '--yes', pinned];
const runPnpm = (args) => run(pnpm[0], [...pnpm.slice(1), ...args], { env });

runPnpm(['install', '--frozen-lockfile']);

if (task === 'demo') {
  runPnpm(['-s', 'archive', 'demo', ...process.argv.slice(3)]);
} else {
  // The browser test drives Debian's Chromium; install it when missing and we may.
  if (!existsSync('/usr/bin/chromium') && process.getuid?.() === 0 && works('apt-get', ['--version'])) {
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', 'chromium'], { env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  runPnpm(['run', 'typecheck']);
  runPnpm(['exec', 'vitest', 'run', ...process.argv.slice(3)]);
}
