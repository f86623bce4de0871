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
      'referral.received': 'A referral was sent to your organisation',
      'referral.accepted': 'A referral you sent was accepted',
      'referral.declined': 'A referral you sent was declined',
      'referral.closed': 'A referral you sent was closed by its receiver',
      'referral.assigned': 'A referral received was assigned to you',
      'case.assigned': 'A case was assigned to you',
      'case.closure_requested': 'Closure of a case was requested',
      'case.closure_approved': 'The closure of a case you requested was approved',
      'case.closure_rejected': 'The closure of a case you requested was rejected',
      'case.task_assigned': 'A task on a case was given to you',
      'grievance.received': 'A worker filed a grievance',
      'grievance.reply': 'A worker wrote back on a grievance',
      'grievance.assigned': 'A grievance was assigned to you',
      'grievance.response_overdue': 'A grievance has had no first response in time',
      'grievance.resolution_overdue': 'A grievance was not resolved in time',
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
      'referral.received': 'Une orientation a été adressée à votre organisation',
      'referral.accepted': 'Une orientation que vous avez envoyée a été acceptée',
      'referral.declined': 'Une orientation que vous avez envoyée a été refusée',
      'referral.closed': 'Une orientation que vous avez envoyée a été clôturée par son destinataire',
      'referral.assigned': 'Une orientation reçue vous a été attribuée',
      'case.assigned': 'Un dossier vous a été attribué',
      'case.closure_requested': 'La clôture d’un dossier a été demandée',
      'case.closure_approved': 'La clôture d’un dossier que vous avez demandée a été approuvée',
      'case.closure_rejected': 'La clôture d’un dossier que vous avez demandée a été refusée',
      'case.task_assigned': 'Une tâche d’un dossier vous a été confiée',
      'grievance.received': 'Un travailleur a déposé une plainte',
      'grievance.reply': 'Un travailleur a répondu à propos d’une plainte',
      'grievance.assigned': 'Une plainte vous a été attribuée',
      'grievance.response_overdue': 'Une plainte n’a pas reçu de première réponse à temps',
      'grievance.resolution_overdue': 'Une plainte n’a pas été réglée à temps',
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
      'referral.received': 'Se envió una derivación a su organización',
      'referral.accepted': 'Una derivación que usted envió fue aceptada',
      'referral.declined': 'Una derivación que usted envió fue rechazada',
      'referral.closed': 'Una derivación que usted envió fue cerrada por su receptor',
      'referral.assigned': 'Se le asignó una derivación recibida',
      'case.assigned': 'Se le asignó un caso',
      'case.closure_requested': 'Se solicitó el cierre de un caso',
      'case.closure_approved': 'Se aprobó el cierre de un caso que usted solicitó',
      'case.closure_rejected': 'Se rechazó el cierre de un caso que usted solicitó',
      'case.task_assigned': 'Se le encomendó una tarea de un caso',
      'grievance.received': 'Un trabajador presentó una queja',
      'grievance.reply': 'Un trabajador respondió en una queja',
      'grievance.assigned': 'Se le asignó una queja',
      'grievance.response_overdue': 'Una queja no recibió una primera respuesta a tiempo',
      'grievance.resolution_overdue': 'Una queja no se resolvió a tiempo',
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
      'referral.received': 'أُرسلت إحالة إلى منظمتك',
      'referral.accepted': 'قُبلت إحالة أرسلتها',
      'referral.declined': 'رُفضت إحالة أرسلتها',
      'referral.closed': 'أغلق المتلقي إحالة أرسلتها',
      'referral.assigned': 'أُسندت إليك إحالة واردة',
      'case.assigned': 'أُسند إليك ملف',
      'case.closure_requested': 'طُلب إغلاق ملف',
      'case.closure_approved': 'تمت الموافقة على إغلاق ملف طلبته',
      'case.closure_rejected': 'رُفض إغلاق ملف طلبته',
      'case.task_assigned': 'أُسندت إليك مهمة في ملف',
      'grievance.received': 'قدّم عامل شكوى',
      'grievance.reply': 'ردّ عامل على شكوى',
      'grievance.assigned': 'أُسندت إليك شكوى',
      'grievance.response_overdue': 'لم تتلقَّ شكوى ردًا أول في الموعد',
      'grievance.resolution_overdue': 'لم تُحلّ شكوى في الموعد',
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
