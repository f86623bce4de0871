// Entry of the import worker thread (import-job.ts): registers the TypeScript loader, then runs the job.
import { register } from 'tsx/esm/api';

register();
await import('./import-worker.ts');
