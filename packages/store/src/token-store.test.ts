import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '@archive/core';
import { ArticleStore } from './article-store.ts';
import { TokenStore, roleAllows } from './token-store.ts';
import { eachWithTempStore } from './testing.ts';

describe('TokenStore', () => {
  let dir: string;
  let store: ArticleStore;
  eachWithTempStore('tokens-', (opened, folder) => {
    store = opened;
    dir = folder;
  });

  it('hands out a random token once and keeps only its hash', () => {
    const { token } = store.tokens.create('alice', 'editor');
    expect(token).toMatch(/^arc_[A-Za-z0-9_-]{43}$/);
    expect(store.tokens.authenticate(token)).toEqual({ name: 'alice', role: 'editor' });
    expect(store.tokens.authenticate(`${token}x`)).toBeNull();
    store.close();
    const bytes = ['archive.sqlite', 'archive.sqlite-wal'].map((file) => { try { return readFileSync(path.join(dir, file)).toString('latin1'); } catch { return ''; } }).join('');
    expect(bytes).not.toContain(token);
    store = ArticleStore.open(dir, silentLogger());
  });

  it('revokes a token and its sessions; names stay unique', () => {
    const { token } = store.tokens.create('bob', 'admin');
    const session = store.tokens.openSession(token)!;
    expect(store.tokens.session(session.sessionId)).toEqual({ name: 'bob', role: 'admin' });
    expect(store.tokens.revoke('bob')).toBe(true);
    expect(store.tokens.authenticate(token)).toBeNull();
    expect(store.tokens.session(session.sessionId)).toBeNull();
    expect(() => store.tokens.create('bob', 'reader')).toThrow(/exists or existed/);
    expect(store.tokens.revoke('bob')).toBe(false);
  });

  it('orders roles', () => {
    expect(roleAllows('admin', 'editor')).toBe(true);
    expect(roleAllows('editor', 'admin')).toBe(false);
    expect(roleAllows('reader', 'reader')).toBe(true);
    expect(TokenStore.formToken('s1')).not.toBe(TokenStore.formToken('s2'));
  });
});
