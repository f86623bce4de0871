// Worker thread: compares a slice of the candidate pairs and sends back their levels (transferred, not copied).
import { parentPort } from 'node:worker_threads';
import { type ComparableField, comparePairs } from './compare.ts';

type Job = { fields: ComparableField[]; a: Int32Array; b: Int32Array };

parentPort?.on('message', (job: Job) => {
  const levels = comparePairs(job.fields, job.a, job.b);
  parentPort?.postMessage(levels, [levels.buffer as ArrayBuffer]);
});
