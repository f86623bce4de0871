import type { Problem } from '@corridor/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadExport } from '../grievances/download.ts';
import { FormStatus, Notice } from './problem-message.tsx';

type Props = {
  /** The export route (a POST; filters travel in the body, never in the URL). */
  path: string;
  /** The filters sent with the format. */
  body?: Record<string, unknown>;
  /** The file name used when the server names none. */
  name: string;
  /** Says that the file holds personal data and that each download is audited. */
  personal?: boolean;
  testId: string;
  formats?: readonly ('csv' | 'xlsx')[];
};

/** Download buttons of one export (CSV and XLSX), with the outcome announced to screen readers. */
export function ExportLinks({ path, body = {}, name, personal = false, testId, formats = ['csv', 'xlsx'] }: Props) {
  const { t } = useTranslation();
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (format: 'csv' | 'xlsx') => {
    setDone(null);
    setProblem(null);
    setBusy(true);
    const p = await downloadExport(path, { ...body, format }, `${name}.${format}`);
    setBusy(false);
    if (p) setProblem(p);
    else setDone(t('exportFile.done'));
  };
  return (
    <div className="export-links" data-testid={testId}>
      {personal && <p className="hint">{t('exportFile.audited')}</p>}
      <p className="button-row">
        {formats.map((f) => (
          <button
            className="button secondary"
            key={f}
            type="button"
            disabled={busy}
            data-testid={`${testId}-${f}`}
            onClick={() => void run(f)}
          >
            {t('exportFile.download', { format: f.toUpperCase() })}
          </button>
        ))}
      </p>
      <Notice message={done} />
      <FormStatus problem={problem} />
    </div>
  );
}
