// Security notices: an e-mail to the account's own address whenever its means of signing in change (the password,
// the authenticator app, the recovery codes), so that a change the person did not make does not go unseen. Sent
// whatever the person chose for notification copies; worded in their language; no personal data beyond the address.
import type { Locale } from '@corridor/contracts';
import type { Trx } from '../db/database.ts';
import { enqueueMessage, isEmailAddress } from '../notifications/outbox.ts';

export type AccountChange =
  | 'password_changed'
  | 'password_reset'
  | 'totp_replaced'
  | 'recovery_codes_renewed'
  | 'second_factor_reset';

type Wording = {
  subject: string;
  changes: Record<AccountChange, string>;
  body: (what: string, when: string) => string;
};

const WORDING: Record<Locale, Wording> = {
  en: {
    subject: 'Corridor: a change to how you sign in',
    changes: {
      password_changed: 'your password was changed',
      password_reset: 'a new password was set with a reset link sent to this address',
      totp_replaced: 'your authenticator app was moved to another device',
      recovery_codes_renewed: 'new recovery codes were made, and the old ones no longer work',
      second_factor_reset: 'an administrator removed your authenticator app; you will set one up at your next sign-in',
    },
    body: (what, when) =>
      `On ${when}, ${what}.\n\nIf this was you, there is nothing to do. If it was not, tell an administrator of your ` +
      'organisation at once: they can disable the account and end its sessions.',
  },
  fr: {
    subject: 'Corridor : un changement de vos moyens de connexion',
    changes: {
      password_changed: 'votre mot de passe a été changé',
      password_reset: 'un nouveau mot de passe a été choisi avec un lien de réinitialisation envoyé à cette adresse',
      totp_replaced: 'votre application d’authentification est passée sur un autre appareil',
      recovery_codes_renewed: 'de nouveaux codes de secours ont été créés et les anciens ne fonctionnent plus',
      second_factor_reset:
        'un administrateur a retiré votre application d’authentification ; vous en configurerez une à la prochaine connexion',
    },
    body: (what, when) =>
      `Le ${when}, ${what}.\n\nSi c’était vous, il n’y a rien à faire. Sinon, prévenez sans attendre un ` +
      'administrateur de votre organisation : il peut désactiver le compte et mettre fin à ses sessions.',
  },
  es: {
    subject: 'Corridor: un cambio en cómo inicia sesión',
    changes: {
      password_changed: 'se cambió su contraseña',
      password_reset: 'se eligió una nueva contraseña con un enlace de restablecimiento enviado a esta dirección',
      totp_replaced: 'su aplicación de autenticación pasó a otro dispositivo',
      recovery_codes_renewed: 'se crearon nuevos códigos de recuperación y los anteriores ya no funcionan',
      second_factor_reset:
        'un administrador quitó su aplicación de autenticación; configurará una en su próximo inicio de sesión',
    },
    body: (what, when) =>
      `El ${when}, ${what}.\n\nSi fue usted, no hay nada que hacer. Si no, avise de inmediato a un administrador de ` +
      'su organización: puede desactivar la cuenta y cerrar sus sesiones.',
  },
  ar: {
    subject: 'Corridor: تغيير في طريقة تسجيل دخولك',
    changes: {
      password_changed: 'تم تغيير كلمة المرور',
      password_reset: 'تم تعيين كلمة مرور جديدة برابط إعادة تعيين أُرسل إلى هذا العنوان',
      totp_replaced: 'نُقل تطبيق المصادقة إلى جهاز آخر',
      recovery_codes_renewed: 'أُنشئت رموز استرداد جديدة ولم تعد الرموز القديمة تعمل',
      second_factor_reset: 'أزال مسؤول تطبيق المصادقة الخاص بك؛ ستُعدّ تطبيقًا جديدًا عند تسجيل الدخول التالي',
    },
    body: (what, when) =>
      `في ${when}: ${what}.\n\nإن كنت أنت من قام بذلك فلا حاجة لأي إجراء. وإن لم تكن أنت، فأبلغ فورًا مسؤولًا في ` +
      'مؤسستك: يمكنه تعطيل الحساب وإنهاء جلساته.',
  },
};

/** The time of the change as every language reads it unambiguously: the date and time in UTC. */
const stamp = (now: Date): string => `${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** Queues the notice of a change to the account's means of signing in, in the caller's transaction. */
export async function noticeAccountChange(
  trx: Trx,
  user: { id: string; email: string; locale: string; organisation_id: string },
  change: AccountChange,
  now: Date,
): Promise<void> {
  if (!isEmailAddress(user.email)) return;
  const words = WORDING[user.locale as Locale] ?? WORDING.en;
  await enqueueMessage(
    trx,
    {
      channel: 'email',
      address: user.email,
      subject: words.subject,
      body: words.body(words.changes[change], stamp(now)),
      kind: `account.${change}`,
      organisationId: user.organisation_id,
      related: { type: 'user', id: user.id },
    },
    now,
  );
}
