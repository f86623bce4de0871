import type { AccountLanguage, Locale, Problem, Session } from '@corridor/contracts';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api, onAuthProblem, setCsrfToken } from '../api/client.ts';
import { problemOf } from '../api/problem.ts';
import { navigate } from '../app/router.tsx';
import { changeLanguage, hasChosenLanguage } from '../i18n/index.ts';

/** The second-factor steps a signed-in person may still owe. */
export type PendingStep = 'verify' | 'enrol';

/** Where the person stands: unknown yet, signed out, half-way through sign-in, or signed in. */
export type AuthState =
  | { kind: 'loading' }
  | { kind: 'unreachable'; problem: Problem }
  | { kind: 'signedOut'; reason: 'none' | 'expired' | 'signedOut' }
  | { kind: 'secondFactor'; step: PendingStep }
  | { kind: 'signedIn'; session: Session };

type LoginResult = { secondFactor: 'none' | PendingStep; csrfToken: string };

type SessionContextValue = {
  state: AuthState;
  /** Reads the session again from the server (GET /api/auth/session). */
  refresh: () => Promise<void>;
  /** Takes the answer of POST /api/auth/login. */
  acceptLogin: (result: LoginResult) => Promise<void>;
  /** Takes a full session (the answer of POST /api/auth/second-factor). */
  acceptSession: (session: Session) => void;
  /** Ends the session on the server and forgets it here. */
  signOut: () => Promise<void>;
  /** Saves a language chosen in the header to the signed-in person's account (nothing when signed out). */
  saveLanguage: (locale: Locale) => Promise<void>;
};

const SessionContext = createContext<SessionContextValue | null>(null);

/** Holds the session for the whole app; the CSRF token it carries goes to the API client's memory only. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ kind: 'loading' });

  const acceptSession = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken);
    if (session.secondFactor !== 'none') {
      setState({ kind: 'secondFactor', step: session.secondFactor });
      return;
    }
    // The account's language applies unless the person picked one on this device.
    if (!hasChosenLanguage()) void changeLanguage(session.user.locale, { remember: false }).catch(() => undefined);
    setState({ kind: 'signedIn', session });
  }, []);

  const refresh = useCallback(async () => {
    try {
      const { data } = await api<Session>('GET', '/api/auth/session', { quietAuth: true });
      acceptSession(data);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        setCsrfToken(null);
        setState((s) => ({ kind: 'signedOut', reason: s.kind === 'signedIn' ? 'expired' : 'none' }));
      } else {
        setState({ kind: 'unreachable', problem: problemOf(err) });
      }
    }
  }, [acceptSession]);

  const acceptLogin = useCallback(
    async (result: LoginResult) => {
      setCsrfToken(result.csrfToken);
      if (result.secondFactor === 'none') await refresh();
      else setState({ kind: 'secondFactor', step: result.secondFactor });
    },
    [refresh],
  );

  const signOut = useCallback(async () => {
    try {
      await api<void>('POST', '/api/auth/logout', { quietAuth: true });
    } catch {
      // Signed out already, or the server is unreachable: either way this page forgets the session.
    }
    setCsrfToken(null);
    // Someone who signs out on purpose starts again from the home page; an expired session keeps its address.
    navigate('/', { replace: true });
    setState({ kind: 'signedOut', reason: 'signedOut' });
  }, []);

  const saveLanguage = useCallback(
    async (locale: Locale) => {
      if (state.kind !== 'signedIn' || state.session.user.locale === locale) return;
      try {
        const { data } = await api<AccountLanguage>('PUT', '/api/me/language', { body: { locale } });
        setState((s) =>
          s.kind === 'signedIn'
            ? { kind: 'signedIn', session: { ...s.session, user: { ...s.session.user, locale: data.locale } } }
            : s,
        );
      } catch {
        // The language still changes on this device; the account keeps its own until the next choice.
      }
    },
    [state],
  );

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    onAuthProblem((code) => {
      // A stale CSRF token or a missing second factor: re-read the session, which carries the current token and step.
      if (code === 'second_factor_required' || code === 'csrf_failed') {
        void refresh();
        return;
      }
      setCsrfToken(null);
      setState({ kind: 'signedOut', reason: 'expired' });
    });
    return () => onAuthProblem(null);
  }, [refresh]);

  const value = useMemo(
    () => ({ state, refresh, acceptLogin, acceptSession, signOut, saveLanguage }),
    [state, refresh, acceptLogin, acceptSession, signOut, saveLanguage],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session context; only inside SessionProvider. */
export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in session; only on pages rendered for a signed-in person. */
export function useSignedIn(): Session {
  const { state } = useSession();
  if (state.kind !== 'signedIn') throw new Error('useSignedIn while not signed in');
  return state.session;
}
