// Entry of the keyword search thread (see keyword-search-threads.ts): worker threads do not
// inherit the parent's TypeScript loader, so this registers it before loading the reader.
import { register } from 'tsx/esm/api';

register();
await import('./keyword-search-worker.ts');
