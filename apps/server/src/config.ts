import path from 'node:path';
import { Role } from '@corridor/contracts';
import { z } from 'zod';
import { isValidCron } from './jobs/cron.ts';
import { parseRetention, type RetentionSchedule } from './subject-rights/retention-schedule.ts';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A job schedule: a five-field cron expression (UTC), or `off`. */
const cronSetting = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((v) => v === 'off' || isValidCron(v), 'must be a five-field cron expression (UTC) or off')
    .transform((v) => (v === 'off' ? null : v));

/** Every setting Corridor reads from the environment; documented in docs/configuration.md. */
const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  CORRIDOR_DATA_DIR: z.string().min(1).default('./data'),
  CORRIDOR_SQLITE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('FULL'),
  CORRIDOR_DEMO_DATA: z.enum(['auto', 'off']).default('auto'),
  CORRIDOR_PUBLIC_URL: z.url().optional(),
  CORRIDOR_WEB_DIST: z.string().optional(),
  CORRIDOR_TRUST_PROXY: bool.default(false),
  CORRIDOR_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  CORRIDOR_SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24)
    .default(12),
  CORRIDOR_LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(10),
  CORRIDOR_LOGIN_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  CORRIDOR_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(1024 * 1024),
  CORRIDOR_IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(512 * 1024 * 1024)
    .default(16 * 1024 * 1024),
  CORRIDOR_IMPORT_MAX_ROWS: z.coerce.number().int().min(1).max(10_000_000).default(100_000),
  CORRIDOR_EXPORT_MAX_ROWS: z.coerce.number().int().min(1).max(10_000_000).default(10_000),
  CORRIDOR_CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  CORRIDOR_PUBLIC_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(120),
  CORRIDOR_SECRET_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 random bytes in base64 (openssl rand -base64 32)')
    .optional(),
  CORRIDOR_MFA_REQUIRED_ROLES: z
    .string()
    .default(
      'platform_admin,admin,supervisor,caseworker,auditor,certification_auditor,certification_officer,fund_manager,operations_officer',
    )
    .transform((s) =>
      s
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    )
    .pipe(z.array(Role)),
  CORRIDOR_RETENTION_YEARS: z.string().optional(),
  CORRIDOR_JOB_HOUSEKEEPING_CRON: cronSetting('*/10 * * * *'),
  CORRIDOR_JOB_RETENTION_CRON: cronSetting('17 * * * *'),
  CORRIDOR_JOB_REFERRAL_REMINDERS_CRON: cronSetting('*/15 * * * *'),
  CORRIDOR_JOB_GRIEVANCE_REMINDERS_CRON: cronSetting('*/15 * * * *'),
  CORRIDOR_JOB_MESSAGE_DELIVERY_CRON: cronSetting('* * * * *'),
  CORRIDOR_JOB_APPOINTMENT_REMINDERS_CRON: cronSetting('7 * * * *'),
  CORRIDOR_JOB_LINKAGE_CRON: cronSetting('* * * * *'),
  CORRIDOR_JOB_EVIDENCE_EXPIRY_CRON: cronSetting('*/5 * * * *'),
  CORRIDOR_JOB_EVIDENCE_FOLD_CRON: cronSetting('* * * * *'),
  CORRIDOR_JOBS_PG_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a plain lower-case PostgreSQL schema name')
    .default('pgboss'),
  CORRIDOR_MESSAGE_OUTBOX_FILE: z.string().min(1).optional(),
  CORRIDOR_OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  CORRIDOR_REFERRAL_RESPONSE_DAYS: z.coerce.number().int().min(1).max(365).default(3),
  CORRIDOR_REFERRAL_REMINDER_DAYS: z.coerce.number().int().min(0).max(90).default(1),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = Readonly<{
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  sqliteFile: string;
  sqliteSynchronous: 'FULL' | 'NORMAL';
  demoData: 'auto' | 'off';
  publicUrl: string | undefined;
  webDist: string;
  trustProxy: boolean;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  loginMaxAttempts: number;
  loginWindowMs: number;
  bodyLimit: number;
  /** Largest file a bulk import takes (bytes, before base64). */
  importMaxBytes: number;
  /** Most data rows one import file may hold. */
  importMaxRows: number;
  /** Most rows one export may hold; a larger export is refused (SECURITY.md D10). */
  exportMaxRows: number;
  /** The system chromium that prints PDF reports (docs/evidence-report.md). */
  chromiumPath: string;
  /** Requests one client address may make to the public pages and API (/public, /api/public) per minute. */
  publicRateLimitPerMinute: number;
  secretKey: string | undefined;
  logLevel: string;
  mfaRequiredRoles: readonly Role[];
  /** Retention schedule per case type (docs/subject-rights.md). */
  retention: RetentionSchedule;
  /** Background jobs (docs/jobs.md). */
  jobs: Readonly<{
    /** Cron schedule (UTC) per scheduled job; null when turned off. */
    schedules: Readonly<
      Record<
        | 'housekeeping'
        | 'retention'
        | 'referral-reminders'
        | 'grievance-reminders'
        | 'message-delivery'
        | 'appointment-reminders'
        | 'linkage-projects'
        | 'evidence-consent-expiry'
        | 'evidence-fold',
        string | null
      >
    >;
    /** pg-boss's own schema on PostgreSQL. */
    pgSchema: string;
  }>;
  /** Messages to migrants: where the default adapter writes them, and how long sent ones are kept. */
  outbox: Readonly<{ file: string; retentionDays: number }>;
  /** Referral reminders: days a receiver has to answer, and days before a due date that a reminder goes out. */
  referralReminders: Readonly<{ responseDays: number; leadDays: number }>;
}>;

/** Raised when the environment is invalid; lists every problem, not only the first. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the environment once into a frozen, validated configuration. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const c = parsed.data;
  const problems: string[] = [];
  if (c.NODE_ENV === 'production' && !c.CORRIDOR_SECRET_KEY) {
    problems.push('CORRIDOR_SECRET_KEY: required when NODE_ENV=production');
  }
  const retention = parseRetention(c.CORRIDOR_RETENTION_YEARS);
  if ('problem' in retention) problems.push(`CORRIDOR_RETENTION_YEARS: ${retention.problem}`);
  if (problems.length || 'problem' in retention) throw new ConfigError(problems);
  const dataDir = path.resolve(c.CORRIDOR_DATA_DIR);
  return Object.freeze({
    env: c.NODE_ENV,
    host: c.HOST,
    port: c.PORT,
    databaseUrl: c.DATABASE_URL,
    dataDir,
    sqliteFile: path.join(dataDir, 'corridor.sqlite'),
    sqliteSynchronous: c.CORRIDOR_SQLITE_SYNCHRONOUS,
    demoData: c.CORRIDOR_DEMO_DATA,
    publicUrl: c.CORRIDOR_PUBLIC_URL,
    webDist: path.resolve(c.CORRIDOR_WEB_DIST ?? new URL('../../web/dist', import.meta.url).pathname),
    trustProxy: c.CORRIDOR_TRUST_PROXY,
    sessionIdleMs: c.CORRIDOR_SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: c.CORRIDOR_SESSION_ABSOLUTE_HOURS * 3_600_000,
    loginMaxAttempts: c.CORRIDOR_LOGIN_MAX_ATTEMPTS,
    loginWindowMs: c.CORRIDOR_LOGIN_WINDOW_MINUTES * 60_000,
    bodyLimit: c.CORRIDOR_BODY_LIMIT_BYTES,
    importMaxBytes: c.CORRIDOR_IMPORT_MAX_BYTES,
    importMaxRows: c.CORRIDOR_IMPORT_MAX_ROWS,
    exportMaxRows: c.CORRIDOR_EXPORT_MAX_ROWS,
    chromiumPath: c.CORRIDOR_CHROMIUM_PATH,
    publicRateLimitPerMinute: c.CORRIDOR_PUBLIC_RATE_LIMIT_PER_MINUTE,
    secretKey: c.CORRIDOR_SECRET_KEY,
    logLevel: c.LOG_LEVEL,
    mfaRequiredRoles: c.CORRIDOR_MFA_REQUIRED_ROLES,
    retention: retention.schedule,
    jobs: Object.freeze({
      schedules: Object.freeze({
        housekeeping: c.CORRIDOR_JOB_HOUSEKEEPING_CRON,
        retention: c.CORRIDOR_JOB_RETENTION_CRON,
        'referral-reminders': c.CORRIDOR_JOB_REFERRAL_REMINDERS_CRON,
        'grievance-reminders': c.CORRIDOR_JOB_GRIEVANCE_REMINDERS_CRON,
        'message-delivery': c.CORRIDOR_JOB_MESSAGE_DELIVERY_CRON,
        'appointment-reminders': c.CORRIDOR_JOB_APPOINTMENT_REMINDERS_CRON,
        'linkage-projects': c.CORRIDOR_JOB_LINKAGE_CRON,
        'evidence-consent-expiry': c.CORRIDOR_JOB_EVIDENCE_EXPIRY_CRON,
        'evidence-fold': c.CORRIDOR_JOB_EVIDENCE_FOLD_CRON,
      }),
      pgSchema: c.CORRIDOR_JOBS_PG_SCHEMA,
    }),
    outbox: Object.freeze({
      file: path.resolve(dataDir, c.CORRIDOR_MESSAGE_OUTBOX_FILE ?? path.join('outbox', 'messages.jsonl')),
      retentionDays: c.CORRIDOR_OUTBOX_RETENTION_DAYS,
    }),
    referralReminders: Object.freeze({
      responseDays: c.CORRIDOR_REFERRAL_RESPONSE_DAYS,
      leadDays: c.CORRIDOR_REFERRAL_REMINDER_DAYS,
    }),
  });
}
