import type { DuplicateCheckResult, DuplicateHit } from '@corridor/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from '../app/router.tsx';
import { formatCalendarDate } from '../i18n/format.ts';
import { SummaryName } from '../people/person-name.tsx';

type Hit = DuplicateHit;
type FieldKey = keyof typeof import('./messages/en.ts').en.duplicates.fields;
type LevelKey = keyof typeof import('./messages/en.ts').en.duplicates.levels;

/** Levels that say the two values do not agree (or one is missing): everything else is an agreement. */
const NOT_AGREED = new Set(['else', 'missing']);

/** The band of a match probability shown to the caseworker (the engine's threshold is the floor of "likely"). */
export function probabilityBand(probability: number): 'veryLikely' | 'likely' {
  return probability >= 0.99 ? 'veryLikely' : 'likely';
}

/** The likely duplicates among the answers of POST /api/linkage/duplicates/check. */
export const likelyDuplicates = (r: DuplicateCheckResult): Hit[] => r.items.filter((h) => h.likely);

/**
 * The people the registry may already hold for a registration form, before it is sent: each with the band of its
 * match probability and which fields agreed or differed (field names and kinds of agreement, never the compared
 * values), and a link to open that record instead of registering. The caller offers "register anyway".
 */
export function DuplicateCheck({ hits }: { hits: Hit[] }) {
  const { t, i18n } = useTranslation();
  const list = new Intl.ListFormat(i18n.language, { style: 'long', type: 'conjunction' });
  const fieldName = (f: string) => t(`duplicates.fields.${f as FieldKey}`);
  return (
    <section data-testid="register-duplicates" aria-labelledby="register-duplicates-title">
      <h3 id="register-duplicates-title">{t('duplicates.check.title')}</h3>
      <p>{t('duplicates.check.intro')}</p>
      <ul className="results">
        {hits.map((h) => {
          const agreed = h.explanation.fields.filter((f) => !NOT_AGREED.has(f.level));
          const differ = h.explanation.fields.filter((f) => f.level === 'else');
          const band = probabilityBand(h.probability);
          const person = h.beneficiary;
          return (
            <li key={person.id} className="card" data-testid="register-duplicate" data-band={band}>
              <p>
                <strong>
                  <SummaryName person={person} />
                </strong>
                {person.dateOfBirth && <> · {formatCalendarDate(person.dateOfBirth, i18n.language)}</>}
              </p>
              <p data-testid="duplicate-band">{t(`duplicates.check.band.${band}`)}</p>
              {agreed.length > 0 && (
                <p data-testid="duplicate-agreed">
                  {t('duplicates.check.agreed', {
                    fields: list.format(
                      agreed.map((f) => `${fieldName(f.field)} (${t(`duplicates.levels.${f.level as LevelKey}`)})`),
                    ),
                  })}
                </p>
              )}
              {differ.length > 0 && (
                <p data-testid="duplicate-differ">
                  {t('duplicates.check.differ', { fields: list.format(differ.map((f) => fieldName(f.field))) })}
                </p>
              )}
              <p>
                <Link to={`/people/${person.id}`} data-testid="open-existing">
                  {t('duplicates.check.open')}
                </Link>
              </p>
            </li>
          );
        })}
      </ul>
      <p>{t('duplicates.check.queued')}</p>
    </section>
  );
}
