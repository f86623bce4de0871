// The worker's side of grievances, shared by the public JSON API and the HTML pages: rate limits (database-backed,
// so every server behind a load balancer counts together, and a failed code guess is counted even though the
// request fails), filing, and the follow-up by tracking code.
import type { FileGrievance, GrievanceForWorker } from '@corridor/contracts';
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../app-deps.ts';
import type { Db } from '../db/database.ts';
import { addressKey, giveBackRateLimit, takeRateLimit } from '../http/rate-limit.ts';
import { noticeGrievance } from './grievance-notices.ts';
import { presentForWorker } from './grievances.presenter.ts';
import { fileGrievance, grievanceByCode, messagesOf, workerConsent, workerReply } from './grievances.service.ts';
import { registerEntryByLicence } from './recruitment-link.ts';

const MINUTE = 60_000;
/** Grievances one address may file per hour. */
export const FILINGS_PER_HOUR = 5;
/** Tracking-page requests one address may make per 10 minutes (views, replies, consent changes). */
export const TRACKS_PER_10_MIN = 30;
/** Wrong tracking codes one address may send per hour. */
export const WRONG_CODES_PER_HOUR = 10;

/** The rate-limit key of the caller's address: a keyed hash, so the table holds no address (D4). */
const addressOf = (deps: AppDeps, req: FastifyRequest): string => addressKey(deps.secretKey, req.ip);

/** Files a grievance for the caller's address, within the hourly limit. Returns the code (shown once). */
export async function fileForAddress(deps: AppDeps, req: FastifyRequest, input: FileGrievance, now: Date) {
  const db = deps.database.db;
  const bucket = `grievance-file:${addressOf(deps, req)}`;
  await takeRateLimit(db, bucket, FILINGS_PER_HOUR, 60 * MINUTE, now);
  return db.transaction().execute(async (trx) => {
    const filed = await fileGrievance(trx, deps.database.engine, input, now, registerEntryByLicence);
    await noticeGrievance(trx, filed.row, 'received', now, deps.config.publicUrl);
    return filed;
  });
}

/**
 * Runs a tracking-code action for the caller's address: counts it, refuses when the address sent too many
 * requests or too many wrong codes; a code counts as wrong until it is found. The limit counters are written
 * outside the action's transaction, so a failed guess is never rolled back.
 */
async function withCode<T>(
  deps: AppDeps,
  req: FastifyRequest,
  code: string,
  now: Date,
  action: (db: Db, grievance: Awaited<ReturnType<typeof grievanceByCode>>) => Promise<T>,
): Promise<T> {
  const db = deps.database.db;
  const address = addressOf(deps, req);
  const all = `grievance-track:${address}`;
  await takeRateLimit(db, all, TRACKS_PER_10_MIN, 10 * MINUTE, now);
  const wrong = `grievance-code-fail:${address}`;
  // A code is counted as wrong until it is found (atomic: guesses sent at once never slip past the limit together).
  await takeRateLimit(db, wrong, WRONG_CODES_PER_HOUR, 60 * MINUTE, now);
  const row = await grievanceByCode(db, code);
  await giveBackRateLimit(db, wrong);
  return action(db, row);
}

/** What the worker sees with the code. */
export function trackForAddress(
  deps: AppDeps,
  req: FastifyRequest,
  code: string,
  now: Date,
): Promise<GrievanceForWorker> {
  return withCode(deps, req, code, now, async (db, row) => presentForWorker(row, await messagesOf(db, row.id)));
}

/** The worker replies; answers what they now see. */
export function replyForAddress(
  deps: AppDeps,
  req: FastifyRequest,
  code: string,
  message: string,
  now: Date,
): Promise<GrievanceForWorker> {
  return withCode(deps, req, code, now, (db, row) =>
    db.transaction().execute(async (trx) => {
      await workerReply(trx, row, message, now);
      const after = await grievanceByCode(trx, code);
      await noticeGrievance(trx, after, 'reply', now, deps.config.publicUrl);
      return presentForWorker(after, await messagesOf(trx, row.id));
    }),
  );
}

/** The worker gives or withdraws consent to a hand-over; answers what they now see. */
export function consentForAddress(
  deps: AppDeps,
  req: FastifyRequest,
  code: string,
  consent: boolean,
  now: Date,
): Promise<GrievanceForWorker> {
  return withCode(deps, req, code, now, (db, row) =>
    db.transaction().execute(async (trx) => {
      await workerConsent(trx, row, consent, now);
      const after = await grievanceByCode(trx, code);
      return presentForWorker(after, await messagesOf(trx, row.id));
    }),
  );
}
