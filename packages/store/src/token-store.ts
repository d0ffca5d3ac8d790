import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { ArchiveError } from '@archive/core';

export const ROLES = ['reader', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who a request acts as: the token's name (what the audit trail records) and its role. */
export interface Principal {
  name: string;
  role: Role;
}

export interface TokenInfo extends Principal {
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** The web UI's session cookie (HttpOnly, SameSite=Strict): a random session id, kept only as a hash. */
export const SESSION_COOKIE = 'archive_session';

/** How long a web UI session lasts. */
const SESSION_HOURS = 12;
/** Last-use times are written at most this often per token, not on every request. */
const LAST_USED_EVERY_MS = 60_000;

/** SHA-256 of a secret: tokens are 256 random bits, so a fast hash cannot be inverted or guessed. */
const digest = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Whether `role` grants what `needed` grants (reader < editor < admin). */
export function roleAllows(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/**
 * API tokens and the web UI sessions opened with them. Secrets are random, handed out once and
 * stored only as hashes; a revoked token keeps its row (its name stays taken, so the audit trail
 * never names two people alike) and ends its sessions.
 *
 * @example
 * const { token } = tokens.create('alice', 'editor'); // give `token` to Alice; it is not kept
 * tokens.authenticate(token) // { name: 'alice', role: 'editor' }
 */
export class TokenStore {
  private readonly lastUsedWrite = new Map<string, number>();

  constructor(private readonly db: Database) {}

  create(name: string, role: Role): { name: string; role: Role; token: string } {
    if (!/^[\p{L}\p{N}._@-]{1,64}$/u.test(name)) {
      throw new ArchiveError('BAD_REQUEST', `token name ${JSON.stringify(name)}: 1 to 64 letters, digits, ".", "_", "@" or "-"`);
    }
    const token = `arc_${randomBytes(32).toString('base64url')}`;
    try {
      this.db
        .prepare('INSERT INTO api_tokens (name, role, token_hash, created_at) VALUES (?, ?, ?, ?)')
        .run(name, role, digest(token), new Date().toISOString());
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new ArchiveError('CONFLICT', `a token named "${name}" exists or existed (names stay unique for the audit trail)`);
      }
      throw error;
    }
    return { name, role, token };
  }

  list(): TokenInfo[] {
    return (
      this.db.prepare('SELECT name, role, created_at, revoked_at, last_used_at FROM api_tokens ORDER BY created_at, name').all() as {
        name: string; role: Role; created_at: string; revoked_at: string | null; last_used_at: string | null;
      }[]
    ).map((row) => ({ name: row.name, role: row.role, createdAt: row.created_at, revokedAt: row.revoked_at, lastUsedAt: row.last_used_at }));
  }

  /** Revokes a token and ends its sessions; false when no active token has that name. */
  revoke(name: string): boolean {
    return this.db.transaction(() => {
      const revoked = this.db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL').run(new Date().toISOString(), name).changes > 0;
      if (revoked) this.db.prepare('DELETE FROM sessions WHERE token_name = ?').run(name);
      return revoked;
    })();
  }

  /** The principal of an active token, or null. */
  authenticate(token: string): Principal | null {
    const row = this.db.prepare('SELECT name, role FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL').get(digest(token)) as Principal | undefined;
    if (row) this.touch(row.name);
    return row ?? null;
  }

  /** Opens a web UI session for a token; returns the session id for the cookie (not kept). */
  openSession(token: string): { sessionId: string; principal: Principal } | null {
    const principal = this.authenticate(token);
    if (!principal) return null;
    const sessionId = randomBytes(32).toString('base64url');
    const now = new Date();
    const expires = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM sessions WHERE expires_at < ?').run(now.toISOString());
      this.db
        .prepare('INSERT INTO sessions (id_hash, token_name, created_at, expires_at) VALUES (?, ?, ?, ?)')
        .run(digest(sessionId), principal.name, now.toISOString(), expires.toISOString());
    })();
    return { sessionId, principal };
  }

  /** The principal of a live session whose token is still active, or null. */
  session(sessionId: string): Principal | null {
    const row = this.db
      .prepare(
        `SELECT t.name, t.role FROM sessions s JOIN api_tokens t ON t.name = s.token_name
         WHERE s.id_hash = ? AND s.expires_at > ? AND t.revoked_at IS NULL`,
      )
      .get(digest(sessionId), new Date().toISOString()) as Principal | undefined;
    return row ?? null;
  }

  closeSession(sessionId: string): void {
    this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(digest(sessionId));
  }

  /**
   * The anti-forgery token of a session's forms: derived from the secret session id, so only
   * the page served to that session can carry it, and nothing more is stored.
   */
  static formToken(sessionId: string): string {
    return createHmac('sha256', sessionId).update('form').digest('base64url');
  }

  private touch(name: string): void {
    const now = Date.now();
    if (now - (this.lastUsedWrite.get(name) ?? 0) < LAST_USED_EVERY_MS) return;
    this.lastUsedWrite.set(name, now);
    this.db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE name = ?').run(new Date(now).toISOString(), name);
  }
}
