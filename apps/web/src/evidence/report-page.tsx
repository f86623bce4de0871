import type { AnnualReportFormat, Locale, Problem } from '@corridor/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { splitIssues } from '../api/problem.ts';
import { Link } from '../app/router.tsx';
import { useSignedIn } from '../auth/session.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus } from '../components/problem-message.tsx';
import { downloadExport } from '../grievances/download.ts';
import { LANGUAGE_NAMES, LANGUAGES } from '../i18n/index.ts';

/** Produces the annual evidence report of a year in a language and format, and downloads it. */
export function AnnualReportPage() {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const platformAdmin = session.user.roles.includes('platform_admin');
  // The year being reported on: from October the current one (its report is being prepared, its figures nearly
  // whole), before that the year just ended.
  const [year, setYear] = useState(() => {
    const now = new Date();
    return String(now.getUTCMonth() >= 9 ? now.getUTCFullYear() : now.getUTCFullYear() - 1);
  });
  const [language, setLanguage] = useState<Locale>(
    (LANGUAGES as readonly string[]).includes(i18n.language) ? (i18n.language as Locale) : 'en',
  );
  const [format, setFormat] = useState<AnnualReportFormat>('html');
  const [scope, setScope] = useState<'organisation' | 'platform'>('organisation');
  const [state, setState] = useState<{ busy: boolean; message: string | null; problem: Problem | null }>({
    busy: false,
    message: null,
    problem: null,
  });
  // A refused request (a year out of range): each issue next to its field, the others with the problem.
  const { byField, rest } = splitIssues(state.problem, ['year', 'language', 'format', 'scope']);

  const produce = async () => {
    setState({ busy: true, message: t('evid.producing'), problem: null });
    const problem = await downloadExport(
      '/api/evidence/reports/annual',
      { year: Number(year), format, language, scope },
      `annual-evidence-report-${year}-${language}.${format}`,
    );
    setState(
      problem ? { busy: false, message: null, problem } : { busy: false, message: t('evid.produced'), problem: null },
    );
  };

  return (
    <>
      <PageHeading title={t('evid.reportTitle')} testId="report-heading">
        {t('evid.reportTitle')}
      </PageHeading>
      <p>{t('evid.reportIntro')}</p>
      <form
        className="form"
        data-testid="report-form"
        onSubmit={(e) => {
          e.preventDefault();
          void produce();
        }}
      >
        <TextField
          label={t('evid.year')}
          name="year"
          value={year}
          onChange={setYear}
          inputMode="numeric"
          pattern="[0-9]{4}"
          maxLength={4}
          required
          issues={byField.year}
        />
        <SelectField
          label={t('evid.language')}
          name="language"
          value={language}
          onChange={(v) => setLanguage(v as Locale)}
          issues={byField.language}
          options={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
        />
        <SelectField
          label={t('evid.format')}
          name="format"
          value={format}
          onChange={(v) => setFormat(v as AnnualReportFormat)}
          issues={byField.format}
          options={(['html', 'pdf', 'json'] as const).map((f) => ({ value: f, label: t(`evid.formats.${f}`) }))}
        />
        {platformAdmin && (
          <SelectField
            label={t('evid.scope')}
            name="scope"
            value={scope}
            onChange={(v) => setScope(v as 'organisation' | 'platform')}
            issues={byField.scope}
            options={(['organisation', 'platform'] as const).map((s) => ({ value: s, label: t(`evid.scopes.${s}`) }))}
          />
        )}
        <div>
          <button type="submit" className="button primary" disabled={state.busy} data-testid="report-produce">
            {t('evid.produce')}
          </button>
        </div>
      </form>
      <FormStatus problem={state.problem} rest={rest} />
      {state.message && (
        <p role="status" className="notice" data-testid="report-status">
          {state.message}
        </p>
      )}
      <p>
        <Link to="/evidence">{t('evid.dashboardLink')}</Link>
      </p>
    </>
  );
}
