import { keywordIndexContract } from './keyword-index-contract.ts';
import { SqliteKeywordIndex } from './sqlite-keyword-index.ts';

keywordIndexContract('embedded (SQLite FTS5)', async (dir) => SqliteKeywordIndex.open(dir));
