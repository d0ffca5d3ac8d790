import type { Config, Logger } from '@archive/core';
import { ArticleStore, type Role } from '@archive/store';

/** Runs `fn` on the store alone: token commands need no index and no model. */
function withStore<T>(config: Config, logger: Logger, fn: (store: ArticleStore) => T): T {
  const store = ArticleStore.open(config.dataDir, logger);
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

/** Creates a token and prints it alone on the last line of stdout: it is shown this once. */
export function runTokenCreate(name: string, role: Role, config: Config, logger: Logger): void {
  const { token } = withStore(config, logger, (store) => store.tokens.create(name, role));
  process.stdout.write(`Token "${name}" (${role}) created. It is shown only now; keep it secret:\n${token}\n`);
}

export function runTokenList(config: Config, logger: Logger): void {
  const tokens = withStore(config, logger, (store) => store.tokens.list());
  if (tokens.length === 0) {
    process.stdout.write('No tokens. Create one with: archive token create --name NAME --role reader|editor|admin\n');
    return;
  }
  const rows = tokens.map((t) => [t.name, t.role, t.createdAt.slice(0, 19), t.lastUsedAt?.slice(0, 19) ?? '-', t.revokedAt ? `revoked ${t.revokedAt.slice(0, 19)}` : 'active']);
  const header = ['NAME', 'ROLE', 'CREATED', 'LAST USED', 'STATE'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  for (const row of [header, ...rows]) process.stdout.write(`${row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()}\n`);
}

/** Revokes a token; exits non-zero when no active token has that name. */
export function runTokenRevoke(name: string, config: Config, logger: Logger): boolean {
  const revoked = withStore(config, logger, (store) => store.tokens.revoke(name));
  if (revoked) process.stdout.write(`Token "${name}" revoked; its web sessions are closed.\n`);
  else process.stderr.write(`archive: no active token named "${name}"\n`);
  return revoked;
}
