import {
  CHILD_ASSENT,
  type ChildAssent,
  IMPORT_KINDS,
  type ImportKind,
  type ImportReport,
  LEGAL_BASES,
  type LegalBasis,
  type Problem,
  RunImport,
} from '@corridor/contracts';
import { type FormEvent, type Ref, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useIdempotencyKey } from '../admin/idempotency.ts';
import { validate } from '../admin/validate.ts';
import { api } from '../api/client.ts';
import { type FieldIssue, problemOf, splitIssues } from '../api/problem.ts';
import { describedBy, FieldIssues, FormActions, SelectField } from '../components/fields.tsx';
import { FilePicker } from '../components/file-picker.tsx';
import { TextAreaField } from '../components/form-fields.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus } from '../components/problem-message.tsx';
import { formatNumber } from '../i18n/format.ts';
import { type RowError, RowProblem, rowErrorsOf, useImportProblemText } from './import-problems.tsx';

// The import page (docs/import.md): a CSV or XLSX file of people, cases or services is checked or imported all or
// nothing. The file is read into memory only for the request: it is never kept in state, storage or the URL.

type Values = {
  kind: ImportKind;
  basis: LegalBasis | '';
  informationGiven: string;
  childAssent: ChildAssent | '';
};

const EMPTY: Values = { kind: 'beneficiaries', basis: '', informationGiven: '', childAssent: '' };

/** Body fields shown by the form; problems about the file's name or content belong to the file input. */
const FIELDS = ['kind', 'basis', 'informationGiven', 'childAssent', 'filename', 'format', 'content'];
const FILE_FIELDS = ['filename', 'format', 'content'];

type Outcome =
  | { kind: 'report'; report: ImportReport; filename: string }
  | { kind: 'rejected'; errors: RowError[]; filename: string; checkOnly: boolean };

/** Reads a file into base64 in memory (the data URL's payload), for the JSON body of the request. */
function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      const comma = url.indexOf(',');
      resolve(comma < 0 ? '' : url.slice(comma + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.readAsDataURL(file);
  });
}

/** The import page: kind, file and declaration, then a dry run or an import, and its report or every bad row. */
export function ImportPage() {
  const { t } = useTranslation();
  const [values, setValues] = useState<Values>(EMPTY);
  // The chosen file stays the browser's File handle; its bytes are read only when a request is sent.
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const idempotency = useIdempotencyKey();
  const resultRef = useRef<HTMLHeadingElement>(null);
  const fileId = useId();
  const { byField, rest } = splitIssues(problem, FIELDS);
  const fileIssues: FieldIssue[] = FILE_FIELDS.flatMap((f) => byField[f] ?? []);
  const services = values.kind === 'services';

  const set = <K extends keyof Values>(key: K, value: Values[K]) => {
    setValues({ ...values, [key]: value });
    setOutcome(null);
  };

  useEffect(() => {
    if (outcome) resultRef.current?.focus();
  }, [outcome]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Enter in a field runs the first submit button, "Check only": importing always takes a deliberate click.
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const checkOnly = submitter?.getAttribute('value') !== 'import';
    setOutcome(null);
    const declaration: Record<string, unknown> = { kind: values.kind, validateOnly: checkOnly };
    if (!services) {
      if (values.basis) declaration.basis = values.basis;
      if (values.informationGiven.trim()) declaration.informationGiven = values.informationGiven.trim();
      if (values.childAssent) declaration.childAssent = values.childAssent;
    }
    // The declaration is checked before the file is read; a placeholder stands for the content meanwhile.
    const precheck = validate(RunImport, { ...declaration, filename: file?.name ?? '', content: 'AA==' });
    if (!file || !precheck.ok) {
      const missingFile: Problem['errors'] = file
        ? []
        : [{ location: 'body', pointer: '/content', code: 'required', message: 'Choose a CSV or XLSX file.' }];
      const found = precheck.ok ? [] : (precheck.problem.errors ?? []);
      setProblem({
        type: 'about:blank',
        title: 'The request is not valid',
        status: 400,
        code: 'validation_failed',
        errors: [...(missingFile ?? []), ...found.filter((e) => !(missingFile?.length && e.pointer === '/filename'))],
      });
      return;
    }
    setBusy(checkOnly ? 'check' : 'import');
    setProblem(null);
    try {
      let content: string;
      try {
        content = await readAsBase64(file);
      } catch {
        setProblem({ type: 'about:blank', title: t('imports.unreadable'), status: 0, code: 'file_unreadable' });
        return;
      }
      if (!content) {
        setProblem({
          type: 'about:blank',
          title: 'The file is empty',
          status: 400,
          code: 'validation_failed',
          errors: [{ location: 'body', pointer: '/content', code: 'empty_file', message: t('imports.empty') }],
        });
        return;
      }
      const body = { ...precheck.data, content };
      // The key follows what was sent without hashing megabytes: a changed file has another size or date.
      const key = idempotency.keyFor({
        ...declaration,
        filename: file.name,
        size: file.size,
        lastModified: file.lastModified,
      });
      const { data } = await api<ImportReport>('POST', '/api/imports', { body, idempotencyKey: key });
      if (!checkOnly) idempotency.reset();
      setOutcome({ kind: 'report', report: data, filename: file.name });
    } catch (err) {
      const p = problemOf(err);
      if (p.code === 'import_rejected') {
        setOutcome({ kind: 'rejected', errors: rowErrorsOf(p), filename: file.name, checkOnly });
      } else {
        setProblem(p);
      }
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <PageHeading title={t('imports.title')}>{t('imports.title')}</PageHeading>
      <p className="lead">{t('imports.intro')}</p>
      <form onSubmit={submit} noValidate className="form wide-form" data-testid="import-form">
        <FormStatus problem={problem} rest={rest.filter((i) => i.code !== 'import_row')} />
        <SelectField
          label={t('imports.kind')}
          name="kind"
          required
          value={values.kind}
          onChange={(v) => set('kind', v as ImportKind)}
          options={IMPORT_KINDS.map((k) => ({ value: k, label: t(`imports.kinds.${k}`) }))}
          hint={t(`imports.kindHints.${values.kind}`)}
          issues={byField.kind}
        />
        <div className={`field${fileIssues.length ? ' field-invalid' : ''}`}>
          <label htmlFor={fileId}>{t('imports.file')}</label>
          <p className="hint" id={`${fileId}-hint`}>
            {t('imports.fileHint')}
          </p>
          <FilePicker
            file={file}
            id={fileId}
            name="file"
            required
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setOutcome(null);
              setProblem(null);
            }}
            aria-invalid={fileIssues.length ? true : undefined}
            aria-describedby={describedBy(`${fileId}-hint`, fileIssues.length ? `${fileId}-issues` : null)}
          />
          {fileIssues.length > 0 && <FieldIssues id={`${fileId}-issues`} issues={fileIssues} />}
        </div>
        {services ? (
          <p className="notice" data-testid="import-no-declaration">
            {t('imports.servicesNoDeclaration')}
          </p>
        ) : (
          <fieldset className="field-group">
            <legend>{t('imports.declaration')}</legend>
            <p className="hint">{t('imports.declarationHint')}</p>
            <SelectField
              label={t('consent.basis')}
              name="basis"
              required
              value={values.basis}
              onChange={(v) => set('basis', v as Values['basis'])}
              options={[
                { value: '', label: t('common.choose') },
                ...LEGAL_BASES.map((b) => ({ value: b, label: t(`bases.${b}`) })),
              ]}
              hint={values.basis ? t(`basisHints.${values.basis}`) : t('imports.basisHint')}
              issues={byField.basis}
            />
            <TextAreaField
              label={t('imports.informationGiven')}
              hint={t('imports.informationGivenHint')}
              name="informationGiven"
              required
              maxLength={4000}
              value={values.informationGiven}
              onChange={(v) => set('informationGiven', v)}
              issues={byField.informationGiven}
            />
            <SelectField
              label={t('imports.childAssent')}
              hint={t('imports.childAssentHint')}
              name="childAssent"
              value={values.childAssent}
              onChange={(v) => set('childAssent', v as Values['childAssent'])}
              options={[
                { value: '', label: t('imports.childAssentPerRow') },
                ...CHILD_ASSENT.map((a) => ({ value: a, label: t(`childAssent.${a}`) })),
              ]}
              issues={byField.childAssent}
            />
          </fieldset>
        )}
        <FormActions>
          <button
            type="submit"
            name="mode"
            value="check"
            className="button secondary"
            disabled={busy !== null}
            data-testid="import-check"
          >
            {t('imports.check')}
          </button>
          <button
            type="submit"
            name="mode"
            value="import"
            className="button primary"
            disabled={busy !== null}
            data-testid="import-submit"
          >
            {t('imports.import')}
          </button>
        </FormActions>
        <div className="notice-region" aria-live="polite" aria-atomic="true">
          {busy && <p className="muted">{busy === 'check' ? t('imports.checking') : t('imports.importing')}</p>}
        </div>
      </form>
      {outcome?.kind === 'report' && <Report ref={resultRef} report={outcome.report} filename={outcome.filename} />}
      {outcome?.kind === 'rejected' && (
        <Rejected ref={resultRef} errors={outcome.errors} filename={outcome.filename} checkOnly={outcome.checkOnly} />
      )}
      <ColumnsHelp kind={values.kind} />
    </>
  );
}

function Report({ report, filename, ref }: { report: ImportReport; filename: string; ref: Ref<HTMLHeadingElement> }) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  return (
    <section
      className="panel"
      aria-labelledby="import-report-title"
      data-testid="import-report"
      data-dry-run={report.dryRun}
    >
      <h2 id="import-report-title" ref={ref} tabIndex={-1}>
        {report.dryRun ? t('imports.reportCheckedTitle') : t('imports.reportTitle')}
      </h2>
      <p className="notice">
        {report.dryRun
          ? t('imports.reportChecked', { file: filename, count: report.rows })
          : t('imports.reportImported', { file: filename, count: report.rows })}
      </p>
      <dl className="facts">
        <dt>{t('imports.kind')}</dt>
        <dd>{t(`imports.kinds.${report.kind}`)}</dd>
        <dt>{t('imports.format')}</dt>
        <dd>{report.format.toUpperCase()}</dd>
        <dt>{t('imports.rows')}</dt>
        <dd data-testid="import-rows">{n(report.rows)}</dd>
        <dt>{report.dryRun ? t('imports.wouldCreate') : t('imports.created')}</dt>
        <dd data-testid="import-created">{n(report.created)}</dd>
        <dt>{report.dryRun ? t('imports.wouldUpdate') : t('imports.updated')}</dt>
        <dd data-testid="import-updated">{n(report.updated)}</dd>
        <dt>{t('imports.unchanged')}</dt>
        <dd data-testid="import-skipped">{n(report.skipped)}</dd>
        <dt>{t('imports.hxl')}</dt>
        <dd data-testid="import-hxl">{report.hxl ? t('imports.hxlYes') : t('imports.hxlNo')}</dd>
        <dt>{t('imports.ignoredColumns')}</dt>
        <dd data-testid="import-ignored">
          {report.ignoredColumns.length === 0 ? (
            t('imports.noIgnoredColumns')
          ) : (
            <ul className="plain-list">
              {report.ignoredColumns.map((c) => (
                <li key={c}>
                  <bdi>
                    <code>{c}</code>
                  </bdi>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      {report.ignoredColumns.length > 0 && <p className="hint">{t('imports.ignoredHint')}</p>}
    </section>
  );
}

function Rejected({
  errors,
  filename,
  checkOnly,
  ref,
}: {
  errors: RowError[];
  filename: string;
  checkOnly: boolean;
  ref: Ref<HTMLHeadingElement>;
}) {
  const { t, i18n } = useTranslation();
  const problemText = useImportProblemText();
  return (
    <section className="panel" aria-labelledby="import-errors-title" data-testid="import-errors">
      <h2 id="import-errors-title" ref={ref} tabIndex={-1}>
        {t('imports.rejectedTitle', { count: errors.length })}
      </h2>
      <div className="problem">
        <p data-testid="import-nothing-imported">
          {checkOnly
            ? t('imports.rejectedChecked', { file: filename })
            : t('imports.rejectedImport', { file: filename })}
        </p>
      </div>
      <p>{t('imports.rejectedHelp')}</p>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t('imports.errorsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('imports.row')}</th>
              <th scope="col">{t('imports.column')}</th>
              <th scope="col">{t('imports.problem')}</th>
            </tr>
          </thead>
          <tbody>
            {errors.map((e, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: problems have no identity and the list never reorders
              <tr key={i} data-testid="import-error-row" data-row={e.row} data-column={e.column ?? ''}>
                <td>{e.row === 0 ? t('imports.wholeFile') : formatNumberPlain(e.row, i18n.language)}</td>
                <td>
                  {e.column ? (
                    <bdi>
                      <code>{e.column}</code>
                    </bdi>
                  ) : (
                    '—'
                  )}
                </td>
                {/* Never the cell's value: the server does not repeat it. */}
                <RowProblem text={problemText(e)} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Row numbers as a spreadsheet shows them: no grouping separators, in the reader's digits. */
function formatNumberPlain(value: number, language: string): string {
  return new Intl.NumberFormat(language, { useGrouping: false }).format(value);
}

/** The columns each kind reads (docs/import.md); names are the file's, so they are not translated. */
const COLUMNS: Record<ImportKind, { key: 'person' | 'case' | 'trafficking' | 'services'; columns: string[] }[]> = {
  beneficiaries: [{ key: 'person', columns: personColumns() }],
  cases: [
    {
      key: 'case',
      columns: [
        'case_type: protection | trafficking | child | gbv | avrr',
        'opened_on (#date+start)',
        'beneficiary_id',
        'person_source_id',
        'protection: situation, vulnerabilities, needs, circumstances',
        'trafficking: trafficking_status, status_decided_by, exploitation_types, …',
        'child: separation, care_arrangement, family_tracing, guardian_kind, guardian_name, guardian_relationship, guardian_phone',
        'gbv: core_type, contexts, incident_date, incident_country, incident_pcode, reported_elsewhere',
        'avrr: country_of_return, counselling_on, fit_to_travel, fit_to_travel_checked_on, planned_departure_on, reintegration_needs',
      ],
    },
    { key: 'person', columns: personColumns() },
  ],
  'trafficking-cases': [
    {
      key: 'trafficking',
      columns: [
        'trafficking_status (vic_TraffickingStatus)',
        'status_decided_by (vic_TraffickingStatusDecisionMakingOrg)',
        'exploitation_types (vic_TypeOfExploitation)',
        'forced_labour_industry (vic_ForcedLabourIndustry)',
        'sexual_exploitation_types (vic_TypeOfSexExploitation)',
        'methods_of_control (vic_MethodsOfControl)',
        'recruitment_methods (vic_MethodOfRecruitment)',
        'relationship_to_trafficker (vic_RelationshipToTrafficker)',
        'perpetrator_roles (per_RoleInProcess)',
        'vulnerabilities (vic_Vulnerabilities)',
        'age_when_trafficked (vic_AgeWhenTrafficked)',
        'event_stage, event_country, event_place, event_date (hte_Type, hte_Country, hte_City, hte_Date)',
        'opened_on',
        'beneficiary_id',
        'person_source_id',
      ],
    },
    { key: 'person', columns: personColumns() },
  ],
  services: [
    {
      key: 'services',
      columns: [
        'case_id | case_reference | case_source_id',
        'service_type (#service+type)',
        'delivered_on (#date+delivered)',
        'provider_organisation (#org+code)',
        'value_minor, currency (#currency)',
        'description (#description)',
      ],
    },
  ],
};

function personColumns(): string[] {
  return [
    'source_id (#meta+id)',
    'beneficiary_id (#beneficiary+code)',
    'given_name (prs_FirstName)',
    'middle_name (prs_MiddleName)',
    'family_name (prs_LastName)',
    'name_original',
    'name_latin',
    'date_of_birth (prs_Birthdate)',
    'dob_precision',
    'sex',
    'gender (prs_Gender)',
    'citizenships (prs_Citizenship)',
    'languages (prs_PrimaryLanguage)',
    'document_type, document_number, document_issuing_country',
    'phone (prs_MobilePhone)',
    'email (prs_Email)',
    'country, pcode, adm1, adm2',
    'household, household_role',
    'migration_status',
    'disability',
    'specific_needs',
    'child_assent',
    'consent (con_Consent)',
  ];
}

function ColumnsHelp({ kind }: { kind: ImportKind }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="import-help-title" data-testid="import-help">
      <h2 id="import-help-title">{t('imports.helpTitle', { kind: t(`imports.kinds.${kind}`) })}</h2>
      <ul>
        <li>{t('imports.helpAllOrNothing')}</li>
        <li>{t('imports.helpHeader')}</li>
        <li>{t('imports.helpValues')}</li>
        <li>{t('imports.helpReimport')}</li>
      </ul>
      {COLUMNS[kind].map((group) => (
        <div key={group.key} className="subsection">
          <h3>{t(`imports.helpGroups.${group.key}`)}</h3>
          <p className="hint">{t(`imports.helpGroupHints.${group.key}`)}</p>
          <ul className="column-list" dir="ltr">
            {group.columns.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
