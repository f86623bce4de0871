import type { Problem } from '@corridor/contracts';
import { useTranslation } from 'react-i18next';
import { FormStatus } from '../components/problem-message.tsx';
import { centreProblemKey } from './centre-errors.ts';

/**
 * A problem in the centre's own words when it has them (the reason of a refusal, when the server names one; else the
 * code's sentence), else the shared wording.
 */
export function CentreProblem({
  problem,
  labels,
}: {
  problem: Problem | null;
  labels?: Readonly<Record<string, string>>;
}) {
  const { t } = useTranslation();
  const own = centreProblemKey(problem);
  if (own)
    return (
      <p
        className="form-status error"
        role="alert"
        data-testid="centre-problem"
        data-code={own.code}
        data-reason={own.key.startsWith('refusals.') ? own.key.slice('refusals.'.length) : undefined}
      >
        {t(`centres.${own.key}`)}
      </p>
    );
  return <FormStatus problem={problem} labels={labels} />;
}
