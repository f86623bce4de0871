// The floor: what any server obeying Corridor's rules must do for an authenticated read, and nothing else. Bare
// Fastify (no logger, no validation, no framework of ours) answering the same two routes as Corridor from the same
// SQLite database file: every user read hashes the API token, reads the token with its creator's state and roles
// (never cached: a revoked token or a disabled user fails on the next request, and servers keep no state) and then
// the user, with the same SQL as Corridor, presented by Corridor's presenter, and every answer carries Corridor's API security headers. The gap
// between this server and the bare one is what the rules cost; the gap between Corridor and this one is what
// Corridor's own layers cost. Reads CORRIDOR_SQLITE_FILE (read-only); prints `listening on <url>` once ready.
import { hash } from 'node:crypto';
import { presentUser } from '@corridor/server/src/identity/identity.presenter.ts';
import type { UserWithRoles } from '@corridor/server/src/identity/identity.repository.ts';
import { withField } from '@corridor/server/src/lib/objects.ts';
import Database from 'better-sqlite3';
import Fastify from 'fastify';

const file = process.env.CORRIDOR_SQLITE_FILE;
if (!file) throw new Error('CORRIDOR_SQLITE_FILE is not set');
const db = new Database(file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');

// The statements Corridor runs for a token and for a user (identity.repository.ts), as SQL.
const tokenQuery = db.prepare(
  `select api_tokens.id, api_tokens.organisation_id, api_tokens.created_by, api_tokens.roles,
     api_tokens.expires_at, api_tokens.revoked_at, users.disabled_at, user_roles.role as creator_role
   from api_tokens inner join users on users.id = api_tokens.created_by
   left join user_roles on user_roles.user_id = api_tokens.created_by
   where api_tokens.secret_hash = ?`,
);
const userQuery = db.prepare(
  `select users.*, user_roles.role from users left join user_roles on user_roles.user_id = users.id
   where users.id = ?`,
);

type TokenRow = {
  organisation_id: string;
  expires_at: string;
  revoked_at: string | null;
  disabled_at: string | null;
  creator_role: string | null;
};
type UserRow = Record<string, string | number | null> & { role: string | null };

// Corridor's API response headers (http/security-headers.ts), as one static object.
const HEADERS = {
  'content-security-policy': "default-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

const app = Fastify({ logger: false });
app.addHook('onSend', (_req, reply, payload, done) => {
  reply.headers(HEADERS);
  done(null, payload);
});

app.get('/api/health', async () => ({ status: 'ok' }));

app.get<{ Params: { id: string } }>('/api/users/:id', async (req, reply) => {
  const m = /^Bearer\s+(cor_[A-Za-z0-9_-]{20,100})$/.exec(req.headers.authorization ?? '');
  const rows = m ? (tokenQuery.all(hash('sha256', m[1]!, 'hex')) as TokenRow[]) : [];
  const token = rows[0];
  const now = new Date().toISOString();
  if (!token || token.revoked_at !== null || token.expires_at <= now || token.disabled_at !== null)
    return reply.code(401).send({ title: 'Unauthenticated' });
  // Roles as Corridor checks them: the creator must still hold one (a token never holds more than its creator).
  if (!rows.some((r) => r.creator_role !== null)) return reply.code(403).send({ title: 'Forbidden' });
  const userRows = userQuery.all(req.params.id) as UserRow[];
  const u = userRows[0];
  if (!u || u.organisation_id !== token.organisation_id) return reply.code(404).send({ title: 'Not found' });
  const { role: _role, ...user } = u;
  const roles = userRows.flatMap((r) => (r.role ? [r.role] : [])).sort();
  return presentUser(withField(user, 'roles', roles) as unknown as UserWithRoles);
});

const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' });
process.stdout.write(`listening on ${address}\n`);

const stop = async () => {
  await app.close();
  db.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
