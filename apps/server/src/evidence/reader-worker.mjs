// Entry of the evidence reader thread (reader.ts): registers the TypeScript loader, then reads and derives.
import { register } from 'tsx/esm/api';

register();
await import('./reader-worker.ts');
