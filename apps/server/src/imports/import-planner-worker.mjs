// Entry of the import planning worker thread (import-source.ts): registers the TypeScript loader, then plans.
import { register } from 'tsx/esm/api';

register();
await import('./import-planner-worker.ts');
