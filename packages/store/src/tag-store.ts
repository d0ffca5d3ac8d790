import type { Database } from 'better-sqlite3';
import { cleanTags, tagKey, type Tag } from '@archive/core';
import { placeholders } from './sql-lists.ts';

/** How a tag change was made, as the audit trail records it. */
export type TagChangeVia = 'manual' | 'suggestion' | 'bulk' | 'merge';

/** What an editor asks of one article's tags: additions and removals, never a whole list. */
export interface TagOperations {
  add: Tag[];
  remove: Tag[];
}

/** One audited change of one article's tags. */
export interface TagChange {
  id: number;
  at: string;
  actor: string;
  articleId: string;
  via: TagChangeVia;
  before: string[];
  after: string[];
  /** What was asked: tags added and removed, and for bulk and merge the operation's terms. */
  detail: Record<string, unknown>;
}

/** A tag of the vocabulary: its most used spelling, its key, and how many articles carry it. */
export interface VocabularyEntry {
  tag: string;
  key: string;
  count: number;
  /** Other spellings with the same key (case, Unicode form). */
  variants: string[];
}

interface EditRow {
  tag_key: string;
  label: string;
  op: 'add' | 'remove';
}

interface ChangeRow {
  id: number;
  at: string;
  actor: string;
  article_id: string;
  via: TagChangeVia;
  before: string;
  after: string;
  detail: string;
}

function toChange(row: ChangeRow): TagChange {
  return {
    id: row.id, at: row.at, actor: row.actor, articleId: row.article_id, via: row.via,
    before: JSON.parse(row.before) as string[], after: JSON.parse(row.after) as string[],
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  };
}

/**
 * Editors' tags, kept apart from the source export's: additions and removals per article
 * (`tag_edits`, they win over the source), merges as aliases applied to source tags, rejected
 * suggestions, and the audit trail. Every change of an article's tags gives it a new store
 * change number (so the indexes follow) and writes its audit row in the same transaction.
 *
 * Runs on the article store's connection; `nextSeq` hands out store change numbers.
 */
export class TagStore {
  constructor(
    private readonly db: Database,
    private readonly nextSeq: () => number,
  ) {}

  /**
   * The effective tags of an article whose source export lists `sourceTags`: source tags
   * renamed by merges, minus the editors' removals, plus their additions (in the order made).
   */
  effectiveTags(articleId: string, sourceTags: readonly string[]): Tag[] {
    const edits = this.db.prepare('SELECT tag_key, label, op FROM tag_edits WHERE article_id = ? ORDER BY rowid').all(articleId) as EditRow[];
    const aliasOf = this.db.prepare('SELECT to_label FROM tag_aliases WHERE from_key = ?').pluck();
    const tags = new Map<string, Tag>();
    for (const tag of cleanTags(sourceTags)) {
      const renamed = aliasOf.get(tag.key) as string | undefined;
      const effective = renamed ? { label: renamed, key: tagKey(renamed) } : tag;
      if (!tags.has(effective.key)) tags.set(effective.key, effective);
    }
    for (const edit of edits) {
      if (edit.op === 'remove') tags.delete(edit.tag_key);
      else if (!tags.has(edit.tag_key)) tags.set(edit.tag_key, { label: edit.label, key: edit.tag_key });
    }
    return [...tags.values()];
  }

  /** Writes an article's effective tags (the JSON list and the indexed rows); the caller holds a transaction. */
  writeEffective(articleId: string, tags: Tag[]): void {
    this.db.prepare('DELETE FROM article_tags WHERE article_id = ?').run(articleId);
    const insert = this.db.prepare('INSERT INTO article_tags (article_id, tag_key, label) VALUES (?, ?, ?)');
    for (const tag of tags) insert.run(articleId, tag.key, tag.label);
  }

  /** Moves editorial state from an article to the one that replaces it (same URL, new id). */
  moveEdits(fromId: string, toId: string): void {
    for (const table of ['tag_edits', 'tag_rejections']) {
      this.db.prepare(`UPDATE OR IGNORE ${table} SET article_id = ? WHERE article_id = ?`).run(toId, fromId);
      this.db.prepare(`DELETE FROM ${table} WHERE article_id = ?`).run(fromId);
    }
  }

  /** The label already used for a tag key, so that one tag keeps one spelling. */
  private canonical(tag: Tag): Tag {
    const label = this.labelsOf([tag.key]).get(tag.key);
    return label ? { label, key: tag.key } : tag;
  }

  /**
   * Adds and removes tags on each article, in one transaction, with an audit row per article
   * whose tags changed. Articles that do not exist, or whose tags would not change, are
   * skipped. Returns the changes made.
   */
  change(articleIds: readonly string[], operations: TagOperations, actor: string, via: TagChangeVia, detail: Record<string, unknown> = {}): TagChange[] {
    const add = operations.add.map((tag) => this.canonical(tag));
    const removeKeys = new Set(operations.remove.map((tag) => tag.key));
    const sourceOf = this.db.prepare('SELECT source_tags FROM articles WHERE id = ?').pluck();
    const currentOf = this.db.prepare('SELECT tags FROM articles WHERE id = ?').pluck();
    const putEdit = this.db.prepare('INSERT OR REPLACE INTO tag_edits (article_id, tag_key, label, op) VALUES (?, ?, ?, ?)');
    const update = this.db.prepare('UPDATE articles SET tags = ?, seq = ?, updated_at = ? WHERE id = ?');
    const audit = this.db.prepare(
      'INSERT INTO tag_changes (at, actor, article_id, via, before, after, detail) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id',
    );
    const run = this.db.transaction(() => {
      const changes: TagChange[] = [];
      const at = new Date().toISOString();
      for (const articleId of articleIds) {
        const source = sourceOf.get(articleId) as string | undefined;
        if (source === undefined) continue;
        const before = JSON.parse(currentOf.get(articleId) as string) as string[];
        const beforeKeys = new Set(before.map(tagKey));
        // Record only edits that change something: adding a tag already there leaves no edit behind.
        for (const key of removeKeys) if (beforeKeys.has(key)) putEdit.run(articleId, key, key, 'remove');
        for (const tag of add) if (!beforeKeys.has(tag.key) || removeKeys.has(tag.key)) putEdit.run(articleId, tag.key, tag.label, 'add');
        const tags = this.effectiveTags(articleId, JSON.parse(source) as string[]);
        const after = tags.map((tag) => tag.label);
        if (after.join('\u0000') === before.join('\u0000')) continue;
        this.writeEffective(articleId, tags);
        update.run(JSON.stringify(after), this.nextSeq(), at, articleId);
        const added = after.filter((label) => !beforeKeys.has(tagKey(label)));
        const afterKeys = new Set(after.map(tagKey));
        const removed = before.filter((label) => !afterKeys.has(tagKey(label)));
        const fullDetail = { ...detail, added, removed };
        const { id } = audit.get(at, actor, articleId, via, JSON.stringify(before), JSON.stringify(after), JSON.stringify(fullDetail)) as { id: number };
        changes.push({ id, at, actor, articleId, via, before, after, detail: fullDetail });
      }
      return changes;
    });
    return run.immediate();
  }

  /**
   * Merges tags into one: every article carrying any of `from` gets `into` instead, and source
   * exports that still say `from` are read as `into` from now on. One transaction, audited per
   * article with `via: 'merge'`.
   */
  merge(from: Tag[], into: Tag, actor: string): TagChange[] {
    const keys = from.map((tag) => tag.key).filter((key) => key !== into.key);
    const run = this.db.transaction(() => {
      const ids = this.db
        .prepare(`SELECT DISTINCT article_id FROM article_tags WHERE tag_key IN (${placeholders(keys)}) ORDER BY article_id`)
        .pluck()
        .all(...keys) as string[];
      const setAlias = this.db.prepare('INSERT OR REPLACE INTO tag_aliases (from_key, to_label) VALUES (?, ?)');
      for (const key of keys) setAlias.run(key, into.label);
      // Aliases that pointed at a merged tag follow it.
      const aliases = this.db.prepare('SELECT from_key, to_label FROM tag_aliases').all() as { from_key: string; to_label: string }[];
      for (const alias of aliases) if (keys.includes(tagKey(alias.to_label))) setAlias.run(alias.from_key, into.label);
      return this.change(ids, { add: [into], remove: from.filter((tag) => tag.key !== into.key) }, actor, 'merge', {
        from: from.map((tag) => tag.label), into: into.label,
      });
    });
    return keys.length ? run.immediate() : [];
  }

  /** Tags in use with their article counts, most used first; `prefix` matches the key's start. */
  vocabulary(options: { prefix?: string; limit: number; offset?: number }): { total: number; tags: VocabularyEntry[] } {
    const prefix = options.prefix ? tagKey(options.prefix) : '';
    // Keys are compared by prefix with a range, so the index on tag_key answers it.
    const where = prefix ? 'WHERE tag_key >= ? AND tag_key < ?' : '';
    const params = prefix ? [prefix, `${prefix}\u{10FFFF}`] : [];
    const total = this.db.prepare(`SELECT count(DISTINCT tag_key) FROM article_tags ${where}`).pluck().get(...params) as number;
    const rows = this.db
      .prepare(
        `SELECT tag_key AS key, count(*) AS count, json_group_array(DISTINCT label) AS labels FROM article_tags ${where}
         GROUP BY tag_key ORDER BY count DESC, tag_key LIMIT ? OFFSET ?`,
      )
      .all(...params, options.limit, options.offset ?? 0) as { key: string; count: number; labels: string }[];
    const spellingCounts = this.db.prepare('SELECT label, count(*) AS n FROM article_tags WHERE tag_key = ? GROUP BY label ORDER BY n DESC, label');
    return {
      total,
      tags: rows.map((row) => {
        const labels = JSON.parse(row.labels) as string[];
        const spellings = labels.length > 1 ? (spellingCounts.all(row.key) as { label: string }[]).map((r) => r.label) : labels;
        return { tag: spellings[0]!, key: row.key, count: row.count, variants: spellings.slice(1) };
      }),
    };
  }

  /** One article's tag changes, oldest first. */
  history(articleId: string): TagChange[] {
    return (this.db.prepare('SELECT * FROM tag_changes WHERE article_id = ? ORDER BY id').all(articleId) as ChangeRow[]).map(toChange);
  }

  /** Tag changes made since a time and/or by one actor, oldest first, after change `afterId` (paging). */
  audit(options: { since?: string | null; actor?: string | null; afterId?: number; limit: number }): TagChange[] {
    const conditions = ['id > ?'];
    const params: unknown[] = [options.afterId ?? 0];
    if (options.since) {
      conditions.push('at >= ?');
      params.push(options.since);
    }
    if (options.actor) {
      conditions.push('actor = ?');
      params.push(options.actor);
    }
    return (
      this.db.prepare(`SELECT * FROM tag_changes WHERE ${conditions.join(' AND ')} ORDER BY id LIMIT ?`).all(...params, options.limit) as ChangeRow[]
    ).map(toChange);
  }

  /** Records that `tag` is not to be suggested for the article again. */
  reject(articleId: string, tag: Tag, actor: string): void {
    this.db
      .prepare('INSERT OR REPLACE INTO tag_rejections (article_id, tag_key, label, actor, at) VALUES (?, ?, ?, ?, ?)')
      .run(articleId, tag.key, tag.label, actor, new Date().toISOString());
  }

  /** Keys of the tags rejected for an article, and of those an editor removed from it. */
  declinedKeys(articleId: string): Set<string> {
    const rows = this.db
      .prepare(`SELECT tag_key FROM tag_rejections WHERE article_id = ? UNION SELECT tag_key FROM tag_edits WHERE article_id = ? AND op = 'remove'`)
      .pluck()
      .all(articleId, articleId) as string[];
    return new Set(rows);
  }

  /** Effective tags of the given articles (those without tags are absent). */
  tagsOf(articleIds: readonly string[]): Map<string, Tag[]> {
    const tags = new Map<string, Tag[]>();
    const select = this.db.prepare('SELECT tag_key, label FROM article_tags WHERE article_id = ?');
    for (const id of articleIds) {
      const rows = select.all(id) as { tag_key: string; label: string }[];
      if (rows.length) tags.set(id, rows.map((row) => ({ key: row.tag_key, label: row.label })));
    }
    return tags;
  }

  /** Ids of the articles that carry at least one tag. */
  taggedArticleIds(): Set<string> {
    return new Set(this.db.prepare('SELECT DISTINCT article_id FROM article_tags').pluck().all() as string[]);
  }

  /** The spelling in use for each of these keys (absent when no article carries it). */
  labelsOf(keys: readonly string[]): Map<string, string> {
    const select = this.db.prepare('SELECT label FROM article_tags WHERE tag_key = ? LIMIT 1').pluck();
    const labels = new Map<string, string>();
    for (const key of keys) {
      const label = select.get(key) as string | undefined;
      if (label) labels.set(key, label);
    }
    return labels;
  }
}
