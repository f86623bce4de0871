// Entry of the comparison worker: worker threads do not inherit the TypeScript loader of the main thread.
import { register } from 'tsx/esm/api';

register();
await import('./compare.worker.ts');
