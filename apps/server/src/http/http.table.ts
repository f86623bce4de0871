export interface IdempotencyTable {
  /** Who sent the request (user or API token id): keys are private to their sender. */
  principal: string;
  key: string;
  /** SHA-256 of method, route and body: the same key with another request is refused. */
  request_hash: string;
  state: 'in_flight' | 'done';
  response_status: number | null;
  response_body: string | null;
  response_headers: string | null;
  created_at: string;
}

export interface RateLimitTable {
  bucket: string;
  window_start: string;
  hits: number;
}

/** Settings every server of one deployment must agree on (secret-key.ts assertSameSecretKey). */
export interface DeploymentSettingTable {
  name: string;
  value: string;
  set_at: string;
}
