import { useRef } from 'react';
import { newIdempotencyKey } from '../api/client.ts';

/**
 * One Idempotency-Key per distinct request body: resending the same form after a lost answer replays the first
 * effect instead of creating twice, while an edited body gets a new key (the server refuses a reused key with
 * another body).
 */
export function useIdempotencyKey(): { keyFor: (body: unknown) => string; reset: () => void } {
  const last = useRef<{ key: string; body: string } | null>(null);
  return {
    keyFor(body) {
      const json = JSON.stringify(body);
      if (last.current?.body !== json) last.current = { key: newIdempotencyKey(), body: json };
      return last.current.key;
    },
    reset() {
      last.current = null;
    },
  };
}
