import type { Beneficiary, CaseForm, ConsentEvent, Locale, Problem } from '@corridor/contracts';
import type { i18n as I18n } from 'i18next';
import { type ReactNode, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { ActionLabel } from '../admin/audit-action.tsx';
import { api } from '../api/client.ts';
import { problemOf } from '../api/problem.ts';
import { Link } from '../app/router.tsx';
import { CaseFormView } from '../cases/case-form-view.tsx';
import { SelectField } from '../components/fields.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus } from '../components/problem-message.tsx';
import { formatCalendarDate, formatDateTime } from '../i18n/format.ts';
import { isLanguage, isRightToLeft, LANGUAGE_NAMES, prepareLanguage } from '../i18n/index.ts';
import { OrganisationName, PersonName } from '../protection/names.tsx';
import { useVocabularies, type Vocabularies } from '../vocabularies/use-vocabularies.ts';

const LANGUAGES = Object.keys(LANGUAGE_NAMES) as Locale[];

import { ConsentHistory } from './consent-panel.tsx';
import { PersonFacts } from './person-facts.tsx';

/**
 * What the readable copy shows of the subject access document (POST /api/beneficiaries/:id/subject-access,
 * docs/subject-rights.md); the JSON download carries every field.
 */
type Copy = {
  generatedAt: string;
  organisationId: string;
  person: Omit<Beneficiary, 'documents' | 'organisationId'>;
  documents: Beneficiary['documents'];
  consents: Omit<ConsentEvent, 'beneficiaryId'>[];
  cases: {
    id: string;
    reference: string;
    type: string;
    status: string;
    openedOn: string;
    closedOn: string | null;
    form: CaseForm | null;
    services: { id: string; service_type: string; delivered_on: string; provider_organisation_id: string }[];
    notes: { id: string; body: string; createdAt: string }[];
    tasks: { id: string; title: string; dueOn: string; doneAt: string | null }[];
  }[];
  referrals: {
    id: string;
    toOrganisationId: string;
    serviceType: string | null;
    status: string;
    sentAt: string;
    declineReason: string | null;
    outcome: string | null;
  }[];
  audit: {
    seq: number;
    at: string;
    action: string;
    entityType: string;
    actorOrganisationId: string;
    purpose: string;
  }[];
};

/**
 * A readable copy of everything the organisation holds about a person, to hand to them (their right of access):
 * made on request (the same audited request as the JSON download), in the language chosen for the person (the
 * interface's by default; the rest of the page stays in the interface's), printed from the browser. Nothing is
 * kept: leaving the page drops it.
 */
export function SubjectAccessCopyPage({ id }: { id: string }) {
  const { t, i18n: ui } = useTranslation();
  const [copy, setCopy] = useState<Copy | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const interfaceLanguage: Locale = isLanguage(ui.resolvedLanguage) ? ui.resolvedLanguage : 'en';
  const [chosen, setChosen] = useState<Locale | null>(null);
  const [copyI18n, setCopyI18n] = useState<I18n | null>(null);
  const copyLanguage = chosen ?? interfaceLanguage;
  const choose = async (value: string) => {
    if (!isLanguage(value)) return;
    setChosen(value);
    if (value === interfaceLanguage) {
      setCopyI18n(null);
      return;
    }
    // The language's messages first (with the parts loaded so far), then an instance at it that reads the same store.
    await prepareLanguage(value);
    const clone = ui.cloneInstance({ lng: value });
    await clone.changeLanguage(value);
    setCopyI18n(clone);
  };
  const make = async () => {
    setBusy(true);
    setProblem(null);
    try {
      setCopy((await api<Copy>('POST', `/api/beneficiaries/${encodeURIComponent(id)}/subject-access`)).data);
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  };
  const copyView = copy && (
    <div lang={copyLanguage} dir={isRightToLeft(copyLanguage) ? 'rtl' : 'ltr'} data-testid="subject-copy-frame">
      <CopyWithVocabularies copy={copy} />
    </div>
  );
  return (
    <>
      <p className="breadcrumb no-print">
        <Link to={`/people/${encodeURIComponent(id)}`}>{t('subjectRights.backToPerson')}</Link>
      </p>
      <PageHeading title={t('subjectRights.copyTitle')}>{t('subjectRights.copyTitle')}</PageHeading>
      <div className="no-print">
        {!copy && <p>{t('subjectRights.copyIntro')}</p>}
        <SelectField
          label={t('subjectRights.copyLanguage')}
          hint={t('subjectRights.copyLanguageHint')}
          name="copyLanguage"
          value={copyLanguage}
          onChange={(v) => void choose(v)}
          options={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
          data-testid="subject-copy-language"
        />
        {!copy ? (
          <>
            <FormStatus problem={problem} />
            <button
              type="button"
              className="button primary"
              disabled={busy}
              onClick={() => void make()}
              data-testid="subject-copy-make"
            >
              {t('subjectRights.copyMake')}
            </button>
          </>
        ) : (
          <p>
            <button
              type="button"
              className="button secondary"
              onClick={() => window.print()}
              data-testid="subject-copy-print"
            >
              {t('subjectRights.copyPrint')}
            </button>
          </p>
        )}
      </div>
      {copyView && (copyI18n ? <I18nextProvider i18n={copyI18n}>{copyView}</I18nextProvider> : copyView)}
    </>
  );
}

/** The copy with the code lists' labels in the copy's language (the provider's instance above it). */
function CopyWithVocabularies({ copy }: { copy: Copy }) {
  const vocab = useVocabularies();
  return <CopyOf copy={copy} vocab={vocab} />;
}

function CopyOf({ copy, vocab }: { copy: Copy; vocab: Vocabularies }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const p = copy.person;
  const date = (d: string | null) => (d ? formatCalendarDate(d, lng) : '—');
  return (
    <article className="subject-copy" data-testid="subject-copy">
      <h2>
        <PersonName nameOriginal={p.nameOriginal} nameLatin={p.nameLatin} />
      </h2>
      <p>
        {t('subjectRights.copyHeldBy')} <OrganisationName id={copy.organisationId} />
        {t('common.separator')}
        {t('subjectRights.copyMadeAt', { date: formatDateTime(copy.generatedAt, lng) })}
      </p>

      <section aria-labelledby="copy-about">
        <h3 id="copy-about">{t('subjectRights.copyAbout')}</h3>
        <PersonFacts person={{ ...p, documents: copy.documents }} />
      </section>

      <section>
        <ConsentHistory
          title={t('subjectRights.copyConsent')}
          events={copy.consents.map((c) => ({ ...c, beneficiaryId: p.id }))}
        />
      </section>

      <section aria-labelledby="copy-cases">
        <h3 id="copy-cases">{t('subjectRights.copyCases')}</h3>
        {copy.cases.length === 0 && <p>{t('common.none')}</p>}
        {copy.cases.map((c) => (
          <section key={c.id} className="copy-case" data-testid="subject-copy-case">
            <h4>
              <bdi dir="ltr">{c.reference}</bdi>
              {t('common.separator')}
              {vocab.label('corridor.case_type', c.type)}
              {t('common.separator')}
              {vocab.label('htcds.case_status', c.status)}
            </h4>
            <p>
              {t('cases.openedOn')}
              {t('common.colon')} {date(c.openedOn)}
              {c.closedOn && (
                <>
                  {t('common.separator')}
                  {t('cases.closedOn')}
                  {t('common.colon')} {date(c.closedOn)}
                </>
              )}
            </p>
            {c.form ? <CaseFormView form={c.form} vocab={vocab} /> : <p>{t('subjectRights.copyNoForm')}</p>}
            <RecordList title={t('records.services')} items={c.services}>
              {(s) => (
                <>
                  {vocab.label('corridor.service_type', s.service_type)}
                  {t('common.separator')}
                  {date(s.delivered_on)}
                  {t('common.separator')}
                  <OrganisationName id={s.provider_organisation_id} />
                </>
              )}
            </RecordList>
            <RecordList title={t('records.notes')} items={c.notes}>
              {(n) => (
                <>
                  <time dateTime={n.createdAt}>{formatDateTime(n.createdAt, lng)}</time>
                  {t('common.colon')}{' '}
                  <span className="free-text" dir="auto">
                    {n.body}
                  </span>
                </>
              )}
            </RecordList>
            <RecordList title={t('records.tasks')} items={c.tasks}>
              {(k) => (
                <>
                  <span className="free-text" dir="auto">
                    {k.title}
                  </span>
                  {t('common.separator')}
                  {t('records.dueOn')}
                  {t('common.colon')} {date(k.dueOn)}
                  {k.doneAt &&
                    `${t('common.separator')}${t('records.doneAt', { date: formatDateTime(k.doneAt, lng) })}`}
                </>
              )}
            </RecordList>
          </section>
        ))}
      </section>

      <section aria-labelledby="copy-referrals">
        <h3 id="copy-referrals">{t('subjectRights.copyReferrals')}</h3>
        {copy.referrals.length === 0 ? (
          <p>{t('common.none')}</p>
        ) : (
          <div className="table-wrap">
            <table data-testid="subject-copy-referrals">
              <thead>
                <tr>
                  <th scope="col">{t('subjectRights.copySentOn')}</th>
                  <th scope="col">{t('subjectRights.copySentTo')}</th>
                  <th scope="col">{t('records.serviceType')}</th>
                  <th scope="col">{t('cases.status')}</th>
                  <th scope="col">{t('records.outcome')}</th>
                </tr>
              </thead>
              <tbody>
                {copy.referrals.map((r) => (
                  <tr key={r.id}>
                    <td>{formatDateTime(r.sentAt, lng)}</td>
                    <td>
                      <OrganisationName id={r.toOrganisationId} />
                    </td>
                    <td>{r.serviceType ? vocab.label('corridor.service_type', r.serviceType) : '—'}</td>
                    <td>{t(`referralStatuses.${r.status as 'sent'}`)}</td>
                    <td className="free-text" dir="auto">
                      {r.outcome ?? r.declineReason ?? '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="copy-audit">
        <h3 id="copy-audit">{t('subjectRights.copyAudit')}</h3>
        <p>{t('subjectRights.copyAuditText')}</p>
        {copy.audit.length === 0 && <p>{t('common.none')}</p>}
        <div className="table-wrap" hidden={copy.audit.length === 0}>
          <table data-testid="subject-copy-audit">
            <thead>
              <tr>
                <th scope="col">{t('audit.time')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.entity')}</th>
                <th scope="col">{t('audit.organisation')}</th>
                <th scope="col">{t('audit.purpose')}</th>
              </tr>
            </thead>
            <tbody>
              {copy.audit.map((a) => (
                <tr key={a.seq}>
                  <td>{formatDateTime(a.at, lng)}</td>
                  <td>
                    <ActionLabel code={a.action} />
                  </td>
                  <td>
                    {i18n.exists(`audit.entities.${a.entityType}`)
                      ? t(`audit.entities.${a.entityType as 'case'}`)
                      : a.entityType}
                  </td>
                  <td>
                    <OrganisationName id={a.actorOrganisationId} />
                  </td>
                  <td>
                    {i18n.exists(`purposes.${a.purpose}`) ? t(`purposes.${a.purpose as 'assistance'}`) : a.purpose}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </article>
  );
}

/** One kind of a case's records, as a titled list (or "nothing to show"). */
function RecordList<T extends { id: string }>({
  title,
  items,
  children,
}: {
  title: string;
  items: readonly T[];
  children: (item: T) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      <h5>{title}</h5>
      {items.length === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        <ul>
          {items.map((item) => (
            <li key={item.id}>{children(item)}</li>
          ))}
        </ul>
      )}
    </>
  );
}
