// Texts of the public grievance pages in the four languages (docs/public-site.md: one dictionary per page).
import type { GrievanceCategory, GrievanceOutcome, GrievanceStatus } from '@corridor/contracts';
import { minutesAr, type Texts } from '../public-site/i18n.ts';

export type GrievanceTexts = {
  navLabel: string;
  navBlurb: string;
  title: string;
  intro: string;
  safety: string;
  whatHappened: string;
  reported: string;
  categories: Record<GrievanceCategory, string>;
  description: string;
  descriptionHint: string;
  recruiter: string;
  recruiterHint: string;
  licence: string;
  employer: string;
  country: string;
  countryHint: string;
  countryChoose: string;
  contactTitle: string;
  contactHint: string;
  name: string;
  phone: string;
  email: string;
  recruiterMayKnow: string;
  handoverConsent: string;
  submit: string;
  receiptTitle: string;
  receiptCode: string;
  receiptKeep: string;
  receiptDue: string;
  trackLink: string;
  trackTitle: string;
  trackIntro: string;
  code: string;
  show: string;
  notFound: string;
  invalid: string;
  /** Short names of the fields whose labels are long, for the list of problems. */
  categoriesField: string;
  descriptionField: string;
  licenceField: string;
  /** One line of the list of problems: the field, then what is wrong with it. */
  problem: (field: string, reason: string) => string;
  required: string;
  chooseOne: string;
  tooShort: (min: number) => string;
  tooLong: (max: number) => string;
  notEmail: string;
  notInForm: string;
  codeMissing: string;
  replyMissing: string;
  closedIntake: string;
  status: string;
  statuses: Record<GrievanceStatus, string>;
  outcomes: Record<GrievanceOutcome, string>;
  outcome: string;
  received: string;
  responseDue: string;
  messages: string;
  noMessages: string;
  fromYou: string;
  fromOfficer: string;
  reply: string;
  send: string;
  consentOn: string;
  consentOff: string;
  giveConsent: string;
  withdrawConsent: string;
  handedOver: string;
  sent: string;
  /** Too many attempts from the address, with the whole minutes left to wait (the page's Retry-After). */
  tooManyWait: (minutes: number) => string;
};

export const GRIEVANCE_TEXTS: Texts<GrievanceTexts> = {
  en: {
    navLabel: 'Report a problem',
    navBlurb: 'Tell us what a recruiter or employer did. You can stay anonymous; you get a code to follow your report.',
    title: 'Report a problem with a recruiter or employer',
    intro: 'No account is needed. You may stay anonymous. After sending, you get a code to follow your report.',
    safety: 'If you are in danger now, call the local emergency number. Never pay anyone to file or follow a report.',
    whatHappened: 'What happened? (choose all that apply)',
    reported: 'What you reported',
    categories: {
      fees_charged: 'I was charged recruitment fees or costs',
      contract_substitution: 'My contract was changed or replaced',
      document_retention: 'My passport or documents were taken',
      wages_unpaid: 'My wages were not paid',
      debt_bondage: 'I must work to pay off a debt',
      threats_violence: 'I was threatened or hurt',
      conditions: 'Bad working or living conditions',
      other: 'Something else',
    },
    description: 'Describe what happened',
    descriptionHint: 'When, where, who. At least 10 characters.',
    recruiter: 'Recruitment agency',
    licence: 'Its licence number, if you know it (as on the "Check a recruiter" page)',
    recruiterHint: 'As you know it. You can check agencies on the "Check a recruiter" page.',
    employer: 'Employer',
    country: 'Country where you work',
    countryHint: 'Optional.',
    countryChoose: 'Choose a country (optional)',
    contactTitle: 'How can we reach you? (optional)',
    contactHint: 'Leave empty to stay anonymous. Then only your code lets you follow the report.',
    name: 'Name',
    phone: 'Phone',
    email: 'Email',
    recruiterMayKnow: 'The recruitment agency may learn who I am (if you do not tick this, they are never told)',
    handoverConsent:
      'If what happened to me needs protection, my name and contact details may be passed to a protection organisation so that it can help me. The recruiter is not told.',
    submit: 'Send report',
    receiptTitle: 'Your report was received',
    receiptCode: 'Your tracking code',
    receiptKeep:
      'Write this code down or take a photo of it now. It is shown only once and we cannot find it again. Anyone with the code can read your report.',
    receiptDue: 'We answer by',
    trackLink: 'Follow a report with its code',
    trackTitle: 'Follow your report',
    trackIntro: 'Type the tracking code you were given.',
    code: 'Tracking code',
    show: 'Show my report',
    notFound: 'No report has this code. Check it and try again.',
    invalid: 'Some answers need attention:',
    categoriesField: 'What happened',
    descriptionField: 'Description',
    licenceField: 'Licence number',
    problem: (field, reason) => `${field}: ${reason}`,
    required: 'required',
    chooseOne: 'choose at least one',
    tooShort: (min) => `too short (at least ${min} characters)`,
    tooLong: (max) => `too long (at most ${max} characters)`,
    notEmail: 'not an email address such as name@example.org',
    notInForm: 'not in the expected form',
    codeMissing: 'Type your tracking code.',
    replyMissing: 'Type your message before sending it.',
    closedIntake: 'Reports cannot be received here yet. Please try again later.',
    status: 'Status',
    statuses: {
      received: 'Received',
      triaged: 'Being looked at',
      in_progress: 'In progress',
      closed: 'Closed',
    },
    outcomes: {
      upheld: 'Your complaint was upheld',
      not_upheld: 'Your complaint was not upheld',
      referred: 'Passed to another authority',
      withdrawn: 'Withdrawn',
    },
    outcome: 'Outcome',
    received: 'Received',
    responseDue: 'First answer due',
    messages: 'Messages',
    noMessages: 'No messages yet.',
    fromYou: 'You',
    fromOfficer: 'Grievance officer',
    reply: 'Your reply',
    send: 'Send reply',
    consentOn: 'You agreed that a protection organisation may contact you to help.',
    consentOff: 'You have not agreed to be passed to a protection organisation.',
    giveConsent: 'I agree that a protection organisation may contact me to help',
    withdrawConsent: 'Withdraw my agreement',
    handedOver: 'Your case was passed to a protection organisation, which will contact you.',
    sent: 'Sent.',
    tooManyWait: (m) =>
      `Too many attempts from your connection. Try again in ${m === 1 ? 'a minute' : `${m} minutes`}.`,
  },
  fr: {
    navLabel: 'Signaler un problème',
    navBlurb:
      'Dites-nous ce qu’un recruteur ou un employeur a fait. Vous pouvez rester anonyme ; un code vous permet de suivre votre signalement.',
    title: 'Signaler un problème avec un recruteur ou un employeur',
    intro:
      'Aucun compte n’est nécessaire. Vous pouvez rester anonyme. Après l’envoi, vous recevez un code pour suivre votre signalement.',
    safety:
      'Si vous êtes en danger maintenant, appelez le numéro d’urgence local. Ne payez jamais personne pour faire ou suivre un signalement.',
    whatHappened: 'Que s’est-il passé ? (cochez tout ce qui s’applique)',
    reported: 'Ce que vous avez signalé',
    categories: {
      fees_charged: 'On m’a fait payer des frais de recrutement',
      contract_substitution: 'Mon contrat a été modifié ou remplacé',
      document_retention: 'On m’a pris mon passeport ou mes documents',
      wages_unpaid: 'Mon salaire n’a pas été payé',
      debt_bondage: 'Je dois travailler pour rembourser une dette',
      threats_violence: 'J’ai été menacé ou blessé',
      conditions: 'Mauvaises conditions de travail ou de logement',
      other: 'Autre chose',
    },
    description: 'Décrivez ce qui s’est passé',
    descriptionHint: 'Quand, où, qui. Au moins 10 caractères.',
    recruiter: 'Agence de recrutement',
    licence: 'Son numéro de licence, si vous le connaissez (comme sur la page « Vérifier un recruteur »)',
    recruiterHint: 'Comme vous la connaissez. Vous pouvez vérifier les agences sur la page « Vérifier un recruteur ».',
    employer: 'Employeur',
    country: 'Pays où vous travaillez',
    countryHint: 'Facultatif.',
    countryChoose: 'Choisissez un pays (facultatif)',
    contactTitle: 'Comment vous joindre ? (facultatif)',
    contactHint: 'Laissez vide pour rester anonyme. Seul votre code vous permettra alors de suivre le signalement.',
    name: 'Nom',
    phone: 'Téléphone',
    email: 'Courriel',
    recruiterMayKnow: 'L’agence de recrutement peut savoir qui je suis (sans cette case, elle n’est jamais informée)',
    handoverConsent:
      'Si ma situation demande une protection, mon nom et mes coordonnées peuvent être transmis à une organisation de protection pour qu’elle m’aide. Le recruteur n’est pas informé.',
    submit: 'Envoyer le signalement',
    receiptTitle: 'Votre signalement a été reçu',
    receiptCode: 'Votre code de suivi',
    receiptKeep:
      'Notez ce code ou prenez-le en photo maintenant. Il n’est affiché qu’une fois et nous ne pouvons pas le retrouver. Toute personne qui a le code peut lire votre signalement.',
    receiptDue: 'Nous répondons avant le',
    trackLink: 'Suivre un signalement avec son code',
    trackTitle: 'Suivre votre signalement',
    trackIntro: 'Saisissez le code de suivi que vous avez reçu.',
    code: 'Code de suivi',
    show: 'Afficher mon signalement',
    notFound: 'Aucun signalement n’a ce code. Vérifiez-le et réessayez.',
    invalid: 'Certaines réponses sont à corriger :',
    categoriesField: 'Ce qui s’est passé',
    descriptionField: 'Description',
    licenceField: 'Numéro de licence',
    problem: (field, reason) => `${field} : ${reason}`,
    required: 'champ obligatoire',
    chooseOne: 'cochez au moins une case',
    tooShort: (min) => `texte trop court (au moins ${min} caractères)`,
    tooLong: (max) => `texte trop long (au plus ${max} caractères)`,
    notEmail: 'ce n’est pas une adresse électronique comme nom@exemple.org',
    notInForm: 'n’a pas la forme attendue',
    codeMissing: 'Saisissez votre code de suivi.',
    replyMissing: 'Écrivez votre message avant de l’envoyer.',
    closedIntake: 'Les signalements ne peuvent pas encore être reçus ici. Réessayez plus tard.',
    status: 'État',
    statuses: {
      received: 'Reçu',
      triaged: 'En cours d’examen',
      in_progress: 'En traitement',
      closed: 'Clos',
    },
    outcomes: {
      upheld: 'Votre plainte a été retenue',
      not_upheld: 'Votre plainte n’a pas été retenue',
      referred: 'Transmis à une autre autorité',
      withdrawn: 'Retiré',
    },
    outcome: 'Résultat',
    received: 'Reçu le',
    responseDue: 'Première réponse avant le',
    messages: 'Messages',
    noMessages: 'Pas encore de message.',
    fromYou: 'Vous',
    fromOfficer: 'Agent chargé des plaintes',
    reply: 'Votre réponse',
    send: 'Envoyer la réponse',
    consentOn: 'Vous avez accepté qu’une organisation de protection vous contacte pour vous aider.',
    consentOff: 'Vous n’avez pas accepté d’être orienté vers une organisation de protection.',
    giveConsent: 'J’accepte qu’une organisation de protection me contacte pour m’aider',
    withdrawConsent: 'Retirer mon accord',
    handedOver: 'Votre dossier a été transmis à une organisation de protection, qui vous contactera.',
    sent: 'Envoyé.',
    tooManyWait: (m) =>
      `Trop de tentatives depuis votre connexion. Réessayez dans ${m === 1 ? 'une minute' : `${m}\u00a0minutes`}.`,
  },
  es: {
    navLabel: 'Denunciar un problema',
    navBlurb:
      'Cuéntenos lo que hizo una agencia o un empleador. Puede quedar en el anonimato; recibe un código para seguir su denuncia.',
    title: 'Denunciar un problema con una agencia o un empleador',
    intro:
      'No necesita una cuenta. Puede quedar en el anonimato. Después de enviar, recibe un código para seguir su denuncia.',
    safety:
      'Si está en peligro ahora, llame al número de emergencias local. Nunca pague a nadie por presentar o seguir una denuncia.',
    whatHappened: '¿Qué pasó? (marque todo lo que corresponda)',
    reported: 'Lo que denunció',
    categories: {
      fees_charged: 'Me cobraron tarifas o costos de contratación',
      contract_substitution: 'Cambiaron o sustituyeron mi contrato',
      document_retention: 'Me quitaron el pasaporte o los documentos',
      wages_unpaid: 'No me pagaron el salario',
      debt_bondage: 'Debo trabajar para pagar una deuda',
      threats_violence: 'Me amenazaron o me hicieron daño',
      conditions: 'Malas condiciones de trabajo o de vivienda',
      other: 'Otra cosa',
    },
    description: 'Describa lo que pasó',
    descriptionHint: 'Cuándo, dónde, quién. Al menos 10 caracteres.',
    recruiter: 'Agencia de contratación',
    licence: 'Su número de licencia, si lo conoce (como en la página «Verificar una agencia»)',
    recruiterHint: 'Como la conozca. Puede verificar agencias en la página «Verificar una agencia».',
    employer: 'Empleador',
    country: 'País donde trabaja',
    countryHint: 'Opcional.',
    countryChoose: 'Elija un país (opcional)',
    contactTitle: '¿Cómo podemos contactarle? (opcional)',
    contactHint: 'Deje vacío para quedar en el anonimato. Entonces solo su código le permite seguir la denuncia.',
    name: 'Nombre',
    phone: 'Teléfono',
    email: 'Correo electrónico',
    recruiterMayKnow: 'La agencia de contratación puede saber quién soy (si no marca esto, nunca se le informa)',
    handoverConsent:
      'Si mi situación necesita protección, mi nombre y mis datos de contacto pueden pasarse a una organización de protección para que me ayude. No se informa a la agencia.',
    submit: 'Enviar denuncia',
    receiptTitle: 'Recibimos su denuncia',
    receiptCode: 'Su código de seguimiento',
    receiptKeep:
      'Anote este código o tómele una foto ahora. Se muestra una sola vez y no podemos recuperarlo. Quien tenga el código puede leer su denuncia.',
    receiptDue: 'Respondemos antes del',
    trackLink: 'Seguir una denuncia con su código',
    trackTitle: 'Seguir su denuncia',
    trackIntro: 'Escriba el código de seguimiento que recibió.',
    code: 'Código de seguimiento',
    show: 'Ver mi denuncia',
    notFound: 'Ninguna denuncia tiene este código. Revíselo e inténtelo de nuevo.',
    invalid: 'Algunas respuestas necesitan corrección:',
    categoriesField: 'Qué pasó',
    descriptionField: 'Descripción',
    licenceField: 'Número de licencia',
    problem: (field, reason) => `${field}: ${reason}`,
    required: 'campo obligatorio',
    chooseOne: 'marque al menos una opción',
    tooShort: (min) => `texto demasiado corto (al menos ${min} caracteres)`,
    tooLong: (max) => `texto demasiado largo (como máximo ${max} caracteres)`,
    notEmail: 'no es una dirección de correo electrónico como nombre@ejemplo.org',
    notInForm: 'no tiene la forma esperada',
    codeMissing: 'Escriba su código de seguimiento.',
    replyMissing: 'Escriba su mensaje antes de enviarlo.',
    closedIntake: 'Todavía no se pueden recibir denuncias aquí. Inténtelo más tarde.',
    status: 'Estado',
    statuses: {
      received: 'Recibida',
      triaged: 'En revisión',
      in_progress: 'En trámite',
      closed: 'Cerrada',
    },
    outcomes: {
      upheld: 'Su queja fue aceptada',
      not_upheld: 'Su queja no fue aceptada',
      referred: 'Remitida a otra autoridad',
      withdrawn: 'Retirada',
    },
    outcome: 'Resultado',
    received: 'Recibida el',
    responseDue: 'Primera respuesta antes del',
    messages: 'Mensajes',
    noMessages: 'Aún no hay mensajes.',
    fromYou: 'Usted',
    fromOfficer: 'Responsable de quejas',
    reply: 'Su respuesta',
    send: 'Enviar respuesta',
    consentOn: 'Usted aceptó que una organización de protección le contacte para ayudarle.',
    consentOff: 'Usted no aceptó ser remitido a una organización de protección.',
    giveConsent: 'Acepto que una organización de protección me contacte para ayudarme',
    withdrawConsent: 'Retirar mi aceptación',
    handedOver: 'Su caso se pasó a una organización de protección, que le contactará.',
    sent: 'Enviado.',
    tooManyWait: (m) =>
      `Demasiados intentos desde su conexión. Vuelva a intentarlo dentro de ${m === 1 ? 'un minuto' : `${m} minutos`}.`,
  },
  ar: {
    navLabel: 'الإبلاغ عن مشكلة',
    navBlurb: 'أخبرنا بما فعلته وكالة التوظيف أو صاحب العمل. يمكنك البقاء مجهول الهوية؛ وتحصل على رمز لمتابعة بلاغك.',
    title: 'الإبلاغ عن مشكلة مع وكالة توظيف أو صاحب عمل',
    intro: 'لا حاجة إلى حساب. يمكنك البقاء مجهول الهوية. بعد الإرسال تحصل على رمز لمتابعة بلاغك.',
    safety: 'إذا كنت في خطر الآن فاتصل برقم الطوارئ المحلي. لا تدفع أبدًا لأي أحد مقابل تقديم بلاغ أو متابعته.',
    whatHappened: 'ماذا حدث؟ (اختر كل ما ينطبق)',
    reported: 'ما أبلغت عنه',
    categories: {
      fees_charged: 'طُلب مني دفع رسوم أو تكاليف توظيف',
      contract_substitution: 'تم تغيير عقدي أو استبداله',
      document_retention: 'أُخذ جواز سفري أو وثائقي',
      wages_unpaid: 'لم تُدفع أجوري',
      debt_bondage: 'يجب أن أعمل لسداد دين',
      threats_violence: 'تعرضت للتهديد أو الأذى',
      conditions: 'ظروف عمل أو سكن سيئة',
      other: 'شيء آخر',
    },
    description: 'صف ما حدث',
    descriptionHint: 'متى وأين ومن. 10 أحرف على الأقل.',
    recruiter: 'وكالة التوظيف',
    licence: 'رقم ترخيصها إن كنت تعرفه (كما في صفحة «تحقق من وكالة التوظيف»)',
    recruiterHint: 'كما تعرفها. يمكنك التحقق من الوكالات في صفحة «تحقق من وكالة التوظيف».',
    employer: 'صاحب العمل',
    country: 'البلد الذي تعمل فيه',
    countryHint: 'اختياري.',
    countryChoose: 'اختر بلدًا (اختياري)',
    contactTitle: 'كيف يمكننا التواصل معك؟ (اختياري)',
    contactHint: 'اتركه فارغًا لتبقى مجهول الهوية. عندها لا يمكنك متابعة البلاغ إلا برمزك.',
    name: 'الاسم',
    phone: 'الهاتف',
    email: 'البريد الإلكتروني',
    recruiterMayKnow: 'يجوز لوكالة التوظيف أن تعرف من أنا (إن لم تختر هذا فلن تُبلَّغ أبدًا)',
    handoverConsent:
      'إذا كان ما حدث لي يحتاج إلى حماية، يجوز نقل اسمي وبيانات الاتصال بي إلى منظمة حماية لكي تساعدني. لا تُبلَّغ وكالة التوظيف.',
    submit: 'إرسال البلاغ',
    receiptTitle: 'تم استلام بلاغك',
    receiptCode: 'رمز المتابعة الخاص بك',
    receiptKeep:
      'اكتب هذا الرمز أو التقط له صورة الآن. لا يُعرض إلا مرة واحدة ولا يمكننا استعادته. يمكن لأي شخص يملك الرمز قراءة بلاغك.',
    receiptDue: 'نرد قبل',
    trackLink: 'متابعة بلاغ برمزه',
    trackTitle: 'متابعة بلاغك',
    trackIntro: 'اكتب رمز المتابعة الذي حصلت عليه.',
    code: 'رمز المتابعة',
    show: 'عرض بلاغي',
    notFound: 'لا يوجد بلاغ بهذا الرمز. تحقق منه وحاول مرة أخرى.',
    invalid: 'بعض الإجابات تحتاج إلى تصحيح:',
    categoriesField: 'ما حدث',
    descriptionField: 'الوصف',
    licenceField: 'رقم الترخيص',
    problem: (field, reason) => `${field}: ${reason}`,
    required: 'حقل مطلوب',
    chooseOne: 'اختر خيارًا واحدًا على الأقل',
    tooShort: (min) => `النص قصير جدًا (عدد الأحرف ${min} على الأقل)`,
    tooLong: (max) => `النص طويل جدًا (عدد الأحرف ${max} على الأكثر)`,
    notEmail: 'العنوان غير صحيح؛ يجب أن يكون مثل name@example.org',
    notInForm: 'ليس بالشكل المطلوب',
    codeMissing: 'اكتب رمز المتابعة الخاص بك.',
    replyMissing: 'اكتب رسالتك قبل إرسالها.',
    closedIntake: 'لا يمكن استلام البلاغات هنا بعد. حاول لاحقًا.',
    status: 'الحالة',
    statuses: {
      received: 'تم الاستلام',
      triaged: 'قيد الدراسة',
      in_progress: 'قيد المعالجة',
      closed: 'مغلق',
    },
    outcomes: {
      upheld: 'تم قبول شكواك',
      not_upheld: 'لم تُقبل شكواك',
      referred: 'أُحيلت إلى جهة أخرى',
      withdrawn: 'تم سحبها',
    },
    outcome: 'النتيجة',
    received: 'تاريخ الاستلام',
    responseDue: 'موعد الرد الأول',
    messages: 'الرسائل',
    noMessages: 'لا توجد رسائل بعد.',
    fromYou: 'أنت',
    fromOfficer: 'مسؤول الشكاوى',
    reply: 'ردك',
    send: 'إرسال الرد',
    consentOn: 'وافقت على أن تتواصل معك منظمة حماية لمساعدتك.',
    consentOff: 'لم توافق على إحالتك إلى منظمة حماية.',
    giveConsent: 'أوافق على أن تتواصل معي منظمة حماية لمساعدتي',
    withdrawConsent: 'سحب موافقتي',
    handedOver: 'أُحيلت حالتك إلى منظمة حماية وستتواصل معك.',
    sent: 'تم الإرسال.',
    tooManyWait: (m) => `محاولات كثيرة جدًا من اتصالك. حاول مرة أخرى بعد ${minutesAr(m)}.`,
  },
};
