import { useTranslation } from 'react-i18next';
import { i18n } from '../i18n/index.ts';

// The audit log's actions by name (texts in ./messages, loaded with the pages that show actions: the audit log and
// the readable copy of a person's data).

// Action codes as the server writes them (`area.step`); each names its text at `auditActions.names.area.step`.
const ACTION_CODE = /^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/i;
const actionKey = (code: string) => `auditActions.names.${code}` as 'auditActions.all';

/** Every action the audit messages name, from the English texts (the shape every language fills). */
export function knownActions(): string[] {
  const codes: string[] = [];
  const walk = (node: unknown, path: string[]) => {
    if (typeof node === 'string') codes.push(path.join('.'));
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
  };
  walk(i18n.getResource('en', 'translation', 'auditActions.names'), []);
  return codes;
}

/** An action's name in the page's language, or null for a code the messages do not know. */
export function useActionName(): (code: string) => string | null {
  const { t } = useTranslation();
  return (code) =>
    ACTION_CODE.test(code) && typeof i18n.getResource('en', 'translation', actionKey(code)) === 'string'
      ? t(actionKey(code))
      : null;
}

/** An action by name, its code below in small monospace (as the filter lists it); an unknown action keeps its code. */
export function ActionLabel({ code }: { code: string }) {
  const name = useActionName()(code);
  const codeEl = (
    <bdi dir="ltr">
      <code className={name ? 'muted small-text' : undefined}>{code}</code>
    </bdi>
  );
  if (!name) return codeEl;
  return (
    <>
      <span data-testid="audit-action-name">{name}</span>
      <br />
      {codeEl}
    </>
  );
}
