import type { Locale, Problem } from '@corridor/contracts';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { problemOf } from '../api/problem.ts';
import { isLanguage } from '../i18n/index.ts';
import type { VocabularyId, VocabularyLabels } from './labels-en.ts';

/** One vocabulary as GET /api/vocabularies serves it: codes in the standard's order, with English labels. */
type VocabularyDoc = { id: string; title: string; source: string; entries: { code: string; label: string }[] };

// The code lists change only with a server release, so one copy per page load is enough for every form.
let docsPromise: Promise<Map<string, VocabularyDoc>> | null = null;
let docsLoaded: Map<string, VocabularyDoc> | null = null;

function loadDocs(): Promise<Map<string, VocabularyDoc>> {
  if (!docsPromise) {
    docsPromise = api<{ items: VocabularyDoc[] }>('GET', '/api/vocabularies').then(
      (r) => {
        docsLoaded = new Map(r.data.items.map((d) => [d.id, d]));
        return docsLoaded;
      },
      (err: unknown) => {
        docsPromise = null;
        throw err;
      },
    );
  }
  return docsPromise;
}

// Translated labels load with the language, like the interface messages.
const labelLoaders: Record<Locale, () => Promise<VocabularyLabels>> = {
  en: () => import('./labels-en.ts').then((m) => m.en),
  fr: () => import('./labels-fr.ts').then((m) => m.fr),
  es: () => import('./labels-es.ts').then((m) => m.es),
  ar: () => import('./labels-ar.ts').then((m) => m.ar),
};
const labelsLoaded: Partial<Record<Locale, VocabularyLabels>> = {};

/** An option of a select, checkbox or radio group. */
export type CodeOption = { value: string; label: string };

/** The vocabularies in the interface language: a label for any code and the options of any list. */
export type Vocabularies = {
  ready: boolean;
  problem: Problem | null;
  label: (vocabulary: VocabularyId, code: string) => string;
  options: (vocabulary: VocabularyId) => CodeOption[];
  retry: () => void;
};

/** Loads the code lists once (GET /api/vocabularies) and their labels in the current language. */
export function useVocabularies(): Vocabularies {
  const { i18n } = useTranslation();
  const lng: Locale = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  const [docs, setDocs] = useState(docsLoaded);
  const [labels, setLabels] = useState<VocabularyLabels | null>(labelsLoaded[lng] ?? null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry trigger
  useEffect(() => {
    let live = true;
    loadDocs().then(
      (d) => live && setDocs(d),
      (err: unknown) => live && setProblem(problemOf(err)),
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  useEffect(() => {
    let live = true;
    const known = labelsLoaded[lng];
    if (known) {
      setLabels(known);
      return;
    }
    labelLoaders[lng]().then(
      (l) => {
        labelsLoaded[lng] = l;
        if (live) setLabels(l);
      },
      // Without the translation the server's English labels still name every code.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [lng]);

  const label = useCallback(
    (vocabulary: VocabularyId, code: string): string => {
      const translated = (labels?.[vocabulary] as Record<string, string> | undefined)?.[code];
      if (translated) return translated;
      return docs?.get(vocabulary)?.entries.find((e) => e.code === code)?.label ?? code;
    },
    [labels, docs],
  );

  const options = useCallback(
    (vocabulary: VocabularyId): CodeOption[] => {
      // The server's list is the source of the codes (it validates them); until it has loaded, the translated
      // table lists the same codes so forms can render.
      const codes =
        docs?.get(vocabulary)?.entries.map((e) => e.code) ??
        Object.keys((labels?.[vocabulary] as Record<string, string> | undefined) ?? {});
      return codes.map((code) => ({ value: code, label: label(vocabulary, code) }));
    },
    [docs, labels, label],
  );

  return {
    ready: docs !== null,
    problem: docs ? null : problem,
    label,
    options,
    retry: () => {
      setProblem(null);
      setAttempt((a) => a + 1);
    },
  };
}
