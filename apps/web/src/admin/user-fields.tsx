import { type Locale, PLATFORM_GRANTED_ROLES, type Role } from '@corridor/contracts';
import { useTranslation } from 'react-i18next';
import type { FieldIssues } from '../api/problem.ts';
import { ROLES } from '../auth/access.ts';
import { CheckboxGroup, SelectField, TextField } from '../components/fields.tsx';
import { LANGUAGE_NAMES, LANGUAGES } from '../i18n/index.ts';

/** The fields of a user that both the create and the edit form carry. */
export type UserValues = { displayName: string; roles: Role[]; locale: Locale };

/**
 * Display name, roles and language inputs. Only a platform administrator may hand out `platform_admin` and the
 * certification roles; others see them only on a user who holds them already. `platform_admin` itself is offered only
 * for a person of the platform administrator's own organisation (the platform's: the server refuses it elsewhere).
 */
export function UserFields({
  values,
  onChange,
  issues,
  canGrantPlatformAdmin,
  platformOrganisation,
  held = [],
}: {
  values: UserValues;
  onChange: (values: UserValues) => void;
  issues: FieldIssues;
  canGrantPlatformAdmin: boolean;
  /** The person is of the caller's own organisation, where a platform administrator may give `platform_admin`. */
  platformOrganisation: boolean;
  /** The roles the user holds already (editing): kept on offer even when the caller could not grant them. */
  held?: readonly Role[];
}) {
  const { t } = useTranslation();
  const grantable = (r: Role) =>
    !PLATFORM_GRANTED_ROLES.includes(r) || (canGrantPlatformAdmin && (r !== 'platform_admin' || platformOrganisation));
  const roles = ROLES.filter((r) => grantable(r) || held.includes(r) || values.roles.includes(r));
  return (
    <>
      <TextField
        label={t('users.displayName')}
        name="displayName"
        required
        // A name keeps its own direction (an Arabic name on an English page, "[Demo] …" on an Arabic one).
        dir="auto"
        maxLength={200}
        autoComplete="off"
        value={values.displayName}
        onChange={(displayName) => onChange({ ...values, displayName })}
        issues={issues.displayName}
      />
      <CheckboxGroup
        label={t('users.roles')}
        hint={t('users.rolesHint')}
        name="roles"
        options={roles.map((r) => ({ value: r, label: t(`roles.${r}`), description: t(`roleDescriptions.${r}`) }))}
        value={values.roles}
        onChange={(next) => onChange({ ...values, roles: next })}
        issues={issues.roles}
      />
      <SelectField
        label={t('users.locale')}
        name="locale"
        value={values.locale}
        onChange={(locale) => onChange({ ...values, locale: locale as Locale })}
        options={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
        issues={issues.locale}
      />
    </>
  );
}
