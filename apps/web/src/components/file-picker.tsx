import type { InputHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A file input worded in the interface's language: a browser words its own ("Choose File", "No file chosen") in the
 * browser's language, which is often not the one the person chose here. The native input stays the control (its
 * label, keyboard, validation and screen readers as usual), transparent over a button-like face; beside it, the name
 * of the chosen file, or that none is chosen yet.
 */
export function FilePicker({
  file,
  ...input
}: { file: File | null } & Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'className'>) {
  const { t } = useTranslation();
  return (
    <span className="file-picker">
      <span className="file-picker-control">
        <span className="button secondary" aria-hidden="true">
          {t('common.chooseFile')}
        </span>
        <input {...input} type="file" className="file-picker-input" />
      </span>
      <span className="file-picker-name" aria-hidden="true" data-testid="file-picker-name">
        {file ? <bdi>{file.name}</bdi> : t('common.noFileChosen')}
      </span>
    </span>
  );
}
