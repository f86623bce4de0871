import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';

/**
 * The key that seals secrets at rest. In production it must come from CORRIDOR_SECRET_KEY (shared by every server);
 * elsewhere a key is generated once into the data folder, readable only by its owner.
 */
export function loadSecretKey(config: Config): Buffer {
  if (config.secretKey) return Buffer.from(config.secretKey, 'base64');
  const file = path.join(config.dataDir, 'secret.key');
  if (fs.existsSync(file)) return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  fs.mkdirSync(config.dataDir, { recursive: true });
  const key = randomBytes(32);
  fs.writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

/**
 * Every server of one deployment must seal and open secrets with the same key: the first server records a
 * fingerprint of its key in the database (a keyed hash: it tells nothing of the key), and a server started with
 * another key is refused at start, with the reason, instead of answering 500 on every sealed secret (second factors)
 * and counting rate limits apart.
 */
export async function assertSameSecretKey(db: Db, key: Buffer, now: Date): Promise<void> {
  const fingerprint = createHmac('sha256', key).update('corridor secret key fingerprint v1').digest('base64url');
  await db
    .insertInto('deployment_settings')
    .values({ name: 'secret_key_fingerprint', value: fingerprint, set_at: now.toISOString() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('deployment_settings')
    .select('value')
    .where('name', '=', 'secret_key_fingerprint')
    .executeTakeFirstOrThrow();
  if (row.value !== fingerprint)
    throw new Error(
      "This server's secret key is not the one this database was set up with: every server of a deployment needs " +
        'the same CORRIDOR_SECRET_KEY (or, on the embedded database, the secret.key of its data folder). Nothing was started.',
    );
}
