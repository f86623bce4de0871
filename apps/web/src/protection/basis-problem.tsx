import type { Problem } from '@corridor/contracts';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../api/problem.ts';
import { Link } from '../app/router.tsx';
import { FormStatus } from '../components/problem-message.tsx';

/**
 * A form's problem, with `basis_required` (422) explained in the caseworker's terms: which basis is missing, and a
 * link straight to the person's consent panel to record it. Other problems show as usual.
 */
export function ProblemWithBasis({
  problem,
  rest,
  personId,
  purpose,
}: {
  problem: Problem | null;
  rest?: FieldIssue[];
  personId: string | null;
  purpose: 'assistance' | 'referral';
}) {
  const { t } = useTranslation();
  const missingBasis = problem?.code === 'basis_required';
  return (
    <>
      <FormStatus problem={missingBasis ? null : problem} rest={rest ?? []} />
      {missingBasis && (
        <div className="problem basis-problem" role="alert" data-testid="basis-required">
          <p>
            <strong>{t('basis.title')}</strong>
          </p>
          <p>{purpose === 'assistance' ? t('basis.assistance') : t('basis.referral')}</p>
          {personId && (
            <p>
              <Link to={`/people/${personId}#consent`} data-testid="basis-consent-link">
                {t('basis.link')}
              </Link>
            </p>
          )}
        </div>
      )}
    </>
  );
}
