import type { Colleague, User } from '@corridor/contracts';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { canUse } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { countryName } from '../places/countries.ts';
import { usePartners } from './partners.ts';

/** The first characters of an id: enough to tell records apart on screen, the full id stays in the title. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

/**
 * An organisation by id: its name and code from the partner directory (the kind and country on hover), or, when
 * the directory does not know it or could not be read, "Partner" and its short identifier (the full one on hover).
 */
export function OrganisationName({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const { organisation } = useSignedIn();
  const partners = usePartners();
  const known = id === organisation.id ? organisation : partners.find(id);
  if (known) {
    return (
      <span
        className="org-ref"
        title={`${t(`kinds.${known.kind}`)} · ${countryName(known.country, i18n.language)}`}
        data-code={known.code}
      >
        <bdi>{known.name}</bdi>{' '}
        {/* The code with its brackets in one left-to-right run, never broken at its hyphens. */}
        <bdi dir="ltr" className="muted org-code">
          ({known.code})
        </bdi>
      </span>
    );
  }
  return (
    <span className="org-ref" title={id}>
      {t('protection.partner')}{' '}
      <code dir="ltr" className="short-id">
        {shortId(id)}
      </code>
    </span>
  );
}

/** A person on one line: the name in its own script, then in Latin letters. */
export function PersonName({ nameOriginal, nameLatin }: { nameOriginal: string | null; nameLatin: string | null }) {
  return (
    <span className="person-name">
      {nameOriginal && (
        <bdi dir="auto" className="name-original">
          {nameOriginal}
        </bdi>
      )}
      {nameOriginal && nameLatin && nameOriginal !== nameLatin && ' · '}
      {nameLatin && nameLatin !== nameOriginal && <bdi dir="ltr">{nameLatin}</bdi>}
    </span>
  );
}

type UserPage = { items: User[]; next: string | null };

// A case page names colleagues in many places; one read serves them all. It is kept per signed-in user, so signing
// in as someone else never shows the previous person's colleagues. Supervisors read the user list (they assign
// work); everyone else reads the colleagues' names only.
let colleagues: { userId: string; list: Promise<User[]> } | null = null;
let colleagueNames: { userId: string; list: Promise<Colleague[]> } | null = null;

function loadColleagues(userId: string): Promise<User[]> {
  if (colleagues?.userId !== userId) {
    const list = api<UserPage>('GET', '/api/users?limit=200').then(
      (r) => r.data.items,
      () => {
        colleagues = null;
        return [];
      },
    );
    colleagues = { userId, list };
  }
  return colleagues.list;
}

function loadColleagueNames(userId: string): Promise<Colleague[]> {
  if (colleagueNames?.userId !== userId) {
    const list = api<{ items: Colleague[] }>('GET', '/api/colleagues').then(
      (r) => r.data.items,
      () => {
        colleagueNames = null;
        return [];
      },
    );
    colleagueNames = { userId, list };
  }
  return colleagueNames.list;
}

/** Colleagues, as far as the caller's role lets them be read. */
export type Staff = {
  /** "You", or a colleague's name (supervisors read the user list, others the names), or a short id. */
  label: (id: string | null) => string;
  /** Active caseworkers and supervisors a case or task can go to; empty unless the caller is a supervisor. */
  assignable: User[];
};

/**
 * Names of colleagues for assignees and authors: supervisors read the user list (they assign work to people); others,
 * who may not list users, read their colleagues' names only (GET /api/colleagues).
 */
export function useStaff(): Staff {
  const { t } = useTranslation();
  const { user } = useSignedIn();
  // supervisors, and administrators who assign received sensitive referrals, pick colleagues by name
  const supervisor = canUse(user.roles, 'supervise') || canUse(user.roles, 'manageReferrals');
  const [items, setItems] = useState<User[]>([]);
  const [names, setNames] = useState<Colleague[]>([]);
  useEffect(() => {
    let live = true;
    if (supervisor) void loadColleagues(user.id).then((list) => live && setItems(list));
    else void loadColleagueNames(user.id).then((list) => live && setNames(list));
    return () => {
      live = false;
    };
  }, [supervisor, user.id]);
  const label = useCallback(
    (id: string | null) => {
      if (!id) return t('protection.nobody');
      if (id === user.id) return t('protection.you');
      const found = items.find((u) => u.id === id) ?? names.find((u) => u.id === id);
      return found ? found.displayName : t('protection.colleague', { id: shortId(id) });
    },
    [items, names, t, user.id],
  );
  const assignable = items.filter((u) => !u.disabled && u.roles.some((r) => r === 'caseworker' || r === 'supervisor'));
  return { label, assignable };
}
