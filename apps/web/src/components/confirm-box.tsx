// The in-place confirmation of an action that cannot be taken back, shared by the pages that ask one.
import type { Problem } from '@corridor/contracts';
import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { FormActions } from './fields.tsx';
import { FormStatus } from './problem-message.tsx';

/**
 * A confirmation in place, before an action that cannot be taken back (a merge of two people's records, a hand-over
 * of a person's identity to another organisation; the pattern of the erasure confirmation, subject-rights-panel.tsx):
 * it names what will happen, takes the focus on its least harmful button, Cancel, and Escape cancels too; the caller
 * gives the focus back to the button that opened it.
 */
export function ConfirmBox({
  id,
  title,
  confirmLabel,
  busy,
  problem,
  onConfirm,
  onCancel,
  testId,
  children,
  level = 4,
}: {
  id: string;
  title: string;
  confirmLabel: string;
  busy: boolean;
  problem?: Problem | null;
  onConfirm: () => void;
  onCancel: () => void;
  testId: string;
  children: ReactNode;
  /** The heading's level where the box stands (4 inside a card). */
  level?: 3 | 4;
}) {
  const { t } = useTranslation();
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    cancelRef.current?.focus();
  }, []);
  return (
    <div
      className="notice warning"
      role="alertdialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      data-testid={testId}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !busy) {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      {level === 3 ? <h3 id={`${id}-title`}>{title}</h3> : <h4 id={`${id}-title`}>{title}</h4>}
      <div id={`${id}-text`}>{children}</div>
      <FormStatus problem={problem ?? null} />
      <FormActions>
        <button
          type="button"
          className="button primary"
          disabled={busy}
          onClick={onConfirm}
          data-testid={`${testId}-submit`}
        >
          {confirmLabel}
        </button>
        <button
          type="button"
          className="button secondary"
          ref={cancelRef}
          disabled={busy}
          onClick={onCancel}
          data-testid={`${testId}-cancel`}
        >
          {t('common.cancel')}
        </button>
      </FormActions>
    </div>
  );
}
