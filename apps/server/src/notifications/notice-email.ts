// The e-mail copy of a notification, for staff who asked for one (users.notify_by_email). Like the notification
// itself it carries no personal data: what kind of notice it is in plain words, the short reference of what it is
// about (e.g. R-1A2B3C4D) and a link to the web app's notifications page, where the subject's own access rules
// decide what the reader sees. Worded in the recipient's interface language.
import type { Locale } from '@corridor/contracts';

type Wording = {
  subject: (what: string, reference: string) => string;
  kinds: Record<string, string>;
  other: string;
  open: string;
  signInFirst: string;
  why: string;
};

const WORDING: Record<Locale, Wording> = {
  en: {
    subject: (what, reference) => `Corridor: ${what}${reference ? ` (${reference})` : ''}`,
    kinds: {
      'referral.response_due': 'A referral received is waiting for an answer',
      'referral.response_overdue': 'A referral received was not answered in time',
      'referral.delivery_due': 'The service of an accepted referral is due soon',
      'referral.delivery_overdue': 'The service of an accepted referral is overdue',
    },
    other: 'You have a new notification',
    open: 'Open your notifications in Corridor:',
    signInFirst: 'Sign in to Corridor and open your notifications.',
    why: 'You receive this e-mail because you asked for e-mail copies of your notifications (Your account page). It contains no personal details; Corridor shows them after you sign in.',
  },
  fr: {
    subject: (what, reference) => `Corridor : ${what}${reference ? ` (${reference})` : ''}`,
    kinds: {
      'referral.response_due': 'Une orientation reçue attend une réponse',
      'referral.response_overdue': 'Une orientation reçue n’a pas reçu de réponse à temps',
      'referral.delivery_due': 'Le service d’une orientation acceptée arrive à échéance',
      'referral.delivery_overdue': 'Le service d’une orientation acceptée est en retard',
    },
    other: 'Vous avez une nouvelle notification',
    open: 'Ouvrez vos notifications dans Corridor :',
    signInFirst: 'Connectez-vous à Corridor et ouvrez vos notifications.',
    why: 'Vous recevez ce courriel parce que vous avez demandé une copie de vos notifications par courriel (page Votre compte). Il ne contient aucune donnée personnelle ; Corridor les affiche après connexion.',
  },
  es: {
    subject: (what, reference) => `Corridor: ${what}${reference ? ` (${reference})` : ''}`,
    kinds: {
      'referral.response_due': 'Una derivación recibida espera respuesta',
      'referral.response_overdue': 'Una derivación recibida no se respondió a tiempo',
      'referral.delivery_due': 'El servicio de una derivación aceptada vence pronto',
      'referral.delivery_overdue': 'El servicio de una derivación aceptada está vencido',
    },
    other: 'Tiene una nueva notificación',
    open: 'Abra sus notificaciones en Corridor:',
    signInFirst: 'Inicie sesión en Corridor y abra sus notificaciones.',
    why: 'Recibe este correo porque pidió copias de sus notificaciones por correo electrónico (página Su cuenta). No contiene datos personales; Corridor los muestra después de iniciar sesión.',
  },
  ar: {
    subject: (what, reference) => `Corridor: ${what}${reference ? ` (${reference})` : ''}`,
    kinds: {
      'referral.response_due': 'إحالة واردة في انتظار الرد',
      'referral.response_overdue': 'إحالة واردة لم يُرد عليها في الموعد',
      'referral.delivery_due': 'موعد تقديم خدمة إحالة مقبولة يقترب',
      'referral.delivery_overdue': 'تأخر تقديم خدمة إحالة مقبولة',
    },
    other: 'لديك إشعار جديد',
    open: 'افتح إشعاراتك في Corridor:',
    signInFirst: 'سجّل الدخول إلى Corridor وافتح إشعاراتك.',
    why: 'تصلك هذه الرسالة لأنك طلبت نسخًا من إشعاراتك بالبريد الإلكتروني (صفحة حسابك). لا تحتوي على أي بيانات شخصية؛ يعرضها Corridor بعد تسجيل الدخول.',
  },
};

const isLocale = (l: string): l is Locale => l in WORDING;

/** The web app's notifications page, absolute when the public URL is configured (CORRIDOR_PUBLIC_URL). */
export const notificationsLink = (publicUrl: string | undefined): string | null =>
  publicUrl ? new URL('/notifications', publicUrl).toString() : null;

/**
 * Subject and plain-text body of the e-mail copy of a notification of `kind` about `reference`, in `locale`
 * (English when the locale is not one of the four). Nothing else goes in: no names, no case content.
 */
export function noticeEmail(
  kind: string,
  reference: string | null,
  locale: string,
  publicUrl: string | undefined,
): { subject: string; body: string } {
  const w = WORDING[isLocale(locale) ? locale : 'en'];
  const what = w.kinds[kind] ?? w.other;
  const ref = reference ?? '';
  const link = notificationsLink(publicUrl);
  const lines = [`${what}${ref ? `: ${ref}` : ''}.`, '', link ? `${w.open}\n${link}` : w.signInFirst, '', w.why];
  return { subject: w.subject(what, ref), body: `${lines.join('\n')}\n` };
}
