import type { Partner, Problem } from '@corridor/contracts';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { problemOf } from '../api/problem.ts';
import { useSignedIn } from '../auth/session.tsx';
import { isolate } from '../i18n/format.ts';
import { countryName } from '../places/countries.ts';

type Directory = { items: readonly Partner[]; byId: ReadonlyMap<string, Partner> };

// The partner directory (GET /api/partners) changes only when a platform administrator registers an organisation,
// so one read per page load names every organisation and fills every picker. It lives in this module's memory
// only, never in browser storage (SECURITY.md D4); a failed read is forgotten so the next use tries again.
let directory: Directory | null = null;
let pending: Promise<Directory> | null = null;

function loadDirectory(): Promise<Directory> {
  if (directory) return Promise.resolve(directory);
  pending ??= api<{ items: Partner[] }>('GET', '/api/partners').then(
    (r) => {
      directory = { items: r.data.items, byId: new Map(r.data.items.map((p) => [p.id, p])) };
      return directory;
    },
    (err: unknown) => {
      pending = null;
      throw err;
    },
  );
  return pending;
}

const NONE: Directory = { items: [], byId: new Map() };

/** The organisations on the platform, as every signed-in user may know them. */
export type Partners = {
  /** Every organisation, the caller's own included, by code; empty until the directory has loaded. */
  items: readonly Partner[];
  find: (id: string) => Partner | undefined;
  ready: boolean;
  /** Why the directory could not be read; names then fall back to short identifiers. */
  problem: Problem | null;
  retry: () => void;
};

/** The partner directory, read once per page load and shared by every component that names an organisation. */
export function usePartners(): Partners {
  const [loaded, setLoaded] = useState<Directory | null>(directory);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry trigger
  useEffect(() => {
    let live = true;
    loadDirectory().then(
      (d) => live && setLoaded(d),
      (err: unknown) => live && setProblem(problemOf(err)),
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  const d = loaded ?? NONE;
  const find = useCallback((id: string) => d.byId.get(id), [d]);
  const retry = useCallback(() => {
    setProblem(null);
    setAttempt((a) => a + 1);
  }, []);
  return { items: d.items, find, ready: loaded !== null, problem: loaded ? null : problem, retry };
}

/** From this many organisations a picker groups them by country and offers a filter. */
export const LONG_LIST = 13;

/** An option of a partner picker; `search` is what the filter matches (name, code, country). */
export type PartnerOption = { value: string; label: string; search: string; code?: string };

/** Options of a picker under one heading; a null label means no heading. */
export type PartnerGroup = { label: string | null; options: PartnerOption[] };

/**
 * Texts for organisations in pickers, where no markup is possible: "Name (CODE)", each part isolated so a Latin
 * name keeps its brackets in Arabic. Unknown organisations show as "Partner" and a short identifier.
 */
export function usePartnerOptions(partners: Partners) {
  const { t, i18n } = useTranslation();
  const { organisation } = useSignedIn();
  const { find } = partners;
  const lng = i18n.language;

  const option = useCallback(
    (id: string): PartnerOption => {
      const p = id === organisation.id ? organisation : find(id);
      if (!p) {
        return { value: id, label: t('partners.unknown', { id: isolate(id.slice(0, 8)) }), search: id };
      }
      return {
        value: id,
        label: t('partners.option', { name: isolate(p.name), code: isolate(p.code) }),
        search: `${p.name} ${p.code} ${countryName(p.country, lng)} ${p.country}`,
        code: p.code,
      };
    },
    [organisation, find, t, lng],
  );

  /** Partners alphabetically by name, without headings. */
  const byName = useCallback(
    (items: readonly Partner[]): PartnerOption[] => {
      const collator = new Intl.Collator(lng);
      return [...items].sort((a, b) => collator.compare(a.name, b.name)).map((p) => option(p.id));
    },
    [lng, option],
  );

  /**
   * A long list of partners under their countries' names (countries, then names, in alphabetical order); a short
   * one, or one from a single country, as one list by name.
   */
  const byCountry = useCallback(
    (items: readonly Partner[]): PartnerGroup[] => {
      const countries = new Map<string, Partner[]>();
      for (const p of items) countries.set(p.country, [...(countries.get(p.country) ?? []), p]);
      if (items.length < LONG_LIST || countries.size < 2) return [{ label: null, options: byName(items) }];
      const collator = new Intl.Collator(lng);
      return [...countries]
        .map(([code, list]) => ({ label: countryName(code, lng), options: byName(list) }))
        .sort((a, b) => collator.compare(a.label, b.label));
    },
    [lng, byName],
  );

  return { option, byCountry, byName };
}
