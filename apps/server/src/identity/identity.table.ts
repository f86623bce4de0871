import type { Generated, Insertable, Selectable } from 'kysely';

/** Timestamps are ISO 8601 strings on both engines (see db/database.ts). */
type Ts = string;

export interface OrganisationTable {
  id: string;
  code: string;
  name: string;
  kind: string;
  country: string;
  /** The IATI identifier (org-id.guide) its activities are published under; null when it does not publish. */
  iati_identifier: string | null;
  /** 1 while it takes no new referrals (the partner directory says so; sending one is refused). */
  referrals_paused: number;
  /** The service types it takes referrals for, space-separated codes; null: any. */
  referral_services: string | null;
  /** What partners read before referring (hours, places, waiting time); null: nothing said. */
  referral_note: string | null;
  demo: number;
  created_at: Ts;
  updated_at: Ts;
  version: number;
}
export type OrganisationRow = Selectable<OrganisationTable>;

export interface UserTable {
  id: string;
  organisation_id: string;
  email: string;
  display_name: string;
  password_hash: string;
  locale: string;
  /** Encrypted with the server secret (AES-256-GCM); never leaves the server. */
  totp_secret: string | null;
  /** A secret being enrolled, until the user proves it with a code. */
  totp_pending_secret: string | null;
  totp_enabled_at: Ts | null;
  /** Last accepted TOTP time step, so a code cannot be replayed. */
  totp_last_step: number | null;
  disabled_at: Ts | null;
  last_login_at: Ts | null;
  /** 1 when the user also wants each of their notifications by e-mail (they set it; notifications/notify.ts). */
  notify_by_email: Generated<number>;
  created_at: Ts;
  updated_at: Ts;
  version: number;
}
export type UserRow = Selectable<UserTable>;
export type NewUserRow = Insertable<UserTable>;

export interface UserRoleTable {
  user_id: string;
  role: string;
}

export interface RecoveryCodeTable {
  user_id: string;
  code_hash: string;
  used_at: Ts | null;
}

/** A link to set a new password (forgotten password): only the token's hash; once, until it expires. */
export interface PasswordResetTable {
  token_hash: string;
  user_id: string;
  created_at: Ts;
  expires_at: Ts;
  used_at: Ts | null;
}

export interface SessionTable {
  /** SHA-256 of the cookie value: a stolen database does not yield live sessions. */
  id_hash: string;
  user_id: string;
  csrf_token: string;
  mfa_pending: number;
  created_at: Ts;
  last_seen_at: Ts;
  absolute_expires_at: Ts;
}
export type SessionRow = Selectable<SessionTable>;

export interface ApiTokenTable {
  id: string;
  organisation_id: string;
  created_by: string;
  name: string;
  /** Space-separated roles the token acts with. */
  roles: string;
  secret_hash: string;
  expires_at: Ts;
  revoked_at: Ts | null;
  last_used_at: Ts | null;
  created_at: Ts;
}
export type ApiTokenRow = Selectable<ApiTokenTable>;
