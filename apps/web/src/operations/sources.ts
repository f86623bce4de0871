// Where the operations pages' pickers find records: people through POST /api/beneficiaries/search (a name never
// travels in a URL), and cases, crises, movements, funds, projects and partner organisations through their list
// routes, filtered here by what was typed. Every source answers only what the caller may already read.
import type { CaseSummary, CrisisList, Fund, MovementList, Partner, Project, SearchResult } from '@corridor/contracts';
import { api, query } from '../api/client.ts';
import type { PickerChoice, PickerSource } from '../components/record-picker.tsx';

/** Lower case without accents, so "gen" finds "Genève". */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();

const SHOWN = 10;

/** A source over a short list read in full: the records whose words contain what was typed. */
function listSource<T>(read: () => Promise<T[]>, choice: (r: T) => PickerChoice, minChars = 0): PickerSource {
  return {
    minChars,
    search: async (text) => {
      const wanted = fold(text.trim());
      const all = (await read()).map(choice);
      const hits = wanted
        ? all.filter((c) => fold(`${c.label} ${c.hint ?? ''}`).includes(wanted) || c.id === text.trim())
        : all;
      return { items: hits.slice(0, SHOWN), more: hits.length > SHOWN };
    },
  };
}

/** People of the registry, searched by name in any script (POST: the name stays out of URLs and logs). */
export const personSource: PickerSource = {
  minChars: 2,
  search: async (text) => {
    const r = await api<SearchResult>('POST', '/api/beneficiaries/search', { body: { name: text, limit: SHOWN } });
    return {
      items: r.data.items.map(({ beneficiary: b }) => ({
        id: b.id,
        label: b.nameOriginal && b.nameOriginal !== b.nameLatin ? `${b.nameLatin} (${b.nameOriginal})` : b.nameLatin,
        hint: [b.dateOfBirth, b.citizenships.join(' ')].filter(Boolean).join(' · '),
      })),
      more: r.data.more,
    };
  },
};

/** Cases the caller may read, by reference; only one person's or one type's when given. */
export function caseSource(f: { beneficiaryId?: string | null; type?: string } = {}): PickerSource {
  return listSource(
    async () =>
      (
        await api<{ items: CaseSummary[] }>(
          'GET',
          `/api/cases${query({ beneficiaryId: f.beneficiaryId ?? undefined, type: f.type, limit: 200 })}`,
        )
      ).data.items,
    (c) => ({ id: c.id, label: c.reference, hint: `${c.type} · ${c.openedOn}` }),
  );
}

/** Crises of the caller's organisation, by code or name. */
export const crisisSource: PickerSource = listSource(
  async () => (await api<CrisisList>('GET', '/api/crises')).data.items,
  (c) => ({ id: c.id, label: c.code, hint: c.name }),
);

/** Funds of the caller's organisation, by code or name. */
export const fundSource: PickerSource = listSource(
  async () => (await api<{ items: Fund[] }>('GET', '/api/funds')).data.items,
  (f) => ({ id: f.id, label: f.code, hint: f.name }),
);

/** Projects of the caller's organisation, by code or title. */
export const projectSource: PickerSource = listSource(
  async () => (await api<{ items: Project[] }>('GET', '/api/projects?limit=200')).data.items,
  (p) => ({ id: p.id, label: p.code, hint: p.title }),
);

/** Movements of the caller's organisation, by reference; only a crisis's when given. */
export function movementSource(crisisId?: string): PickerSource {
  return listSource(
    async () => (await api<MovementList>('GET', `/api/movements${query({ crisisId })}`)).data.items,
    (m) => ({ id: m.id, label: m.reference, hint: `${m.originCountry} → ${m.destinationCountry}` }),
  );
}

let partners: Promise<Partner[]> | null = null;

/** Other organisations on the platform (the partner directory, read once per page load), by name or code. */
export const partnerSource: PickerSource = listSource(
  () => {
    partners ??= api<{ items: Partner[] }>('GET', '/api/partners').then(
      (r) => r.data.items,
      (err: unknown) => {
        partners = null;
        throw err;
      },
    );
    return partners;
  },
  (p) => ({ id: p.id, label: p.name, hint: `${p.code} · ${p.country}` }),
);
