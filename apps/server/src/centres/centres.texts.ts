// Texts of the public appointment pages, in the four languages (TypeScript refuses a missing one).
import type { ProblemTexts } from '../public-site/form-problems.ts';
import { html, type SafeHtml } from '../public-site/html.ts';
import { minutesAr, type Texts } from '../public-site/i18n.ts';

export type AppointmentTexts = {
  navLabel: string;
  navBlurb: string;
  title: string;
  intro: string;
  centre: string;
  chooseCentre: string;
  service: string;
  day: string;
  show: string;
  slots: string;
  free: (n: number) => string;
  noSlots: string;
  closed: string;
  /** A day asked for that cannot be booked, with the first and last days that can. */
  dayOutOfRange: (first: string, last: string) => string;
  yourDetails: string;
  name: string;
  phone: string;
  /** The hint under the phone field, around the example number (isolated, left to right, by the page). */
  phoneHint: (example: SafeHtml) => SafeHtml;
  email: string;
  optional: string;
  book: string;
  booked: string;
  keepCode: string;
  code: string;
  when: string;
  where: string;
  status: string;
  statuses: Record<'booked' | 'checked_in' | 'served' | 'no_show' | 'cancelled', string>;
  manage: string;
  manageIntro: string;
  view: string;
  cancel: string;
  cancelled: string;
  notFound: string;
  /** The booking look-up sent without a code. */
  codeMissing: string;
  /** Too many attempts from the connection, and how long to wait (whole minutes, at least 1). */
  tooManyWait: (minutes: number) => string;
  /** A field's problem under it: required, too long, not an e-mail address... (the words of the public forms). */
  problems: ProblemTexts & {
    /** A phone number not in the form asked for, with the example number. */
    notPhone: (example: SafeHtml) => SafeHtml;
    /** A phone number with too few or too many digits. */
    phoneDigits: string;
    chooseTime: string;
  };
  errors: {
    slot_full: string;
    already_booked: string;
    slot_unavailable: string;
    rate_limited: string;
    invalid: string;
    invalid_transition: string;
  };
  fields: Record<'name' | 'phone' | 'email' | 'start' | 'day' | 'service' | 'centre', string>;
  free_: string;
  back: string;
  reminder: string;
};

/** The texts of the public appointment pages, per language. */
export const APPOINTMENT_TEXTS: Texts<AppointmentTexts> = {
  en: {
    navLabel: 'Book an appointment',
    navBlurb:
      'Book a free appointment at a visa assistance centre: visa application support, document checks, orientation.',
    title: 'Book an appointment at a visa assistance centre',
    intro: 'Appointments are free. No account is needed. You receive a booking code to see or cancel your appointment.',
    centre: 'Centre',
    chooseCentre: 'Choose a centre',
    service: 'Service',
    day: 'Day',
    show: 'Show free times',
    slots: 'Free times',
    free: (n) => (n === 1 ? '1 place left' : `${n} places left`),
    noSlots: 'No free time on this day. Try another day.',
    closed: 'The centre is closed on this day. Try another day.',
    dayOutOfRange: (first, last) =>
      `That day cannot be booked. Choose a day from ${first} to ${last}; tomorrow’s times are shown.`,
    yourDetails: 'Your details',
    name: 'Your name',
    phone: 'Phone number',
    phoneHint: (n) => html`With the country code, e.g. ${n}. We send a reminder the day before.`,
    email: 'E-mail',
    optional: '(optional)',
    book: 'Book this appointment',
    booked: 'Your appointment is booked',
    keepCode: 'Keep this booking code. You need it to see or cancel your appointment. It is shown only once.',
    code: 'Booking code',
    when: 'When',
    where: 'Where',
    status: 'Status',
    statuses: {
      booked: 'Booked',
      checked_in: 'Checked in',
      served: 'Served',
      no_show: 'Missed',
      cancelled: 'Cancelled',
    },
    manage: 'See or cancel a booking',
    manageIntro: 'Type the booking code you received.',
    view: 'Show my booking',
    cancel: 'Cancel this appointment',
    cancelled: 'Your appointment is cancelled. The place is free for someone else.',
    notFound: 'No booking has this code. Check the code and try again.',
    codeMissing: 'Type your booking code.',
    tooManyWait: (m) =>
      `Too many attempts from your connection. Try again in ${m === 1 ? 'a minute' : `${m} minutes`}.`,
    problems: {
      required: 'required',
      chooseOne: 'choose one',
      tooShort: (min) => `too short (at least ${min} characters)`,
      tooLong: (max) => `too long (at most ${max} characters)`,
      notEmail: 'not an e-mail address such as name@example.org',
      notInForm: 'not in the expected form',
      notPhone: (n) => html`not a phone number with the country code: start with + (or 00), e.g. ${n}`,
      phoneDigits: 'a phone number has 7 to 15 digits after the + (or 00)',
      chooseTime: 'choose a time',
    },
    errors: {
      slot_full: 'Sorry, this time has just been taken. Choose another time.',
      already_booked: 'You already have an appointment on this day at this centre.',
      slot_unavailable: 'This time cannot be booked. Choose another time.',
      rate_limited: 'Too many attempts from your connection. Wait and try again later.',
      invalid: 'Some answers need attention: see the notes under the fields.',
      invalid_transition: 'This appointment can no longer be cancelled.',
    },
    fields: {
      name: 'name',
      phone: 'phone number',
      email: 'e-mail',
      start: 'time',
      day: 'day',
      service: 'service',
      centre: 'centre',
    },
    free_: 'Free',
    back: 'Choose another centre',
    reminder: 'You will get a reminder the day before.',
  },
  fr: {
    navLabel: 'Prendre rendez-vous',
    navBlurb:
      'Prenez un rendez-vous gratuit dans un centre d’aide aux visas : demande de visa, vérification des documents, orientation.',
    title: 'Prendre rendez-vous dans un centre d’aide aux visas',
    intro:
      'Les rendez-vous sont gratuits. Aucun compte n’est nécessaire. Vous recevez un code pour voir ou annuler votre rendez-vous.',
    centre: 'Centre',
    chooseCentre: 'Choisissez un centre',
    service: 'Service',
    day: 'Jour',
    show: 'Voir les horaires libres',
    slots: 'Horaires libres',
    free: (n) => (n === 1 ? '1 place restante' : `${n} places restantes`),
    noSlots: 'Aucun horaire libre ce jour-là. Essayez un autre jour.',
    closed: 'Le centre est fermé ce jour-là. Essayez un autre jour.',
    dayOutOfRange: (first, last) =>
      `Ce jour ne peut pas être réservé. Choisissez un jour du ${first} au ${last}\u00a0; les horaires de demain sont affichés.`,
    yourDetails: 'Vos coordonnées',
    name: 'Votre nom',
    phone: 'Numéro de téléphone',
    phoneHint: (n) => html`Avec l’indicatif du pays, p. ex. ${n}. Nous envoyons un rappel la veille.`,
    email: 'Courriel',
    optional: '(facultatif)',
    book: 'Réserver ce rendez-vous',
    booked: 'Votre rendez-vous est réservé',
    keepCode: 'Gardez ce code. Il vous faut pour voir ou annuler votre rendez-vous. Il n’est affiché qu’une fois.',
    code: 'Code de réservation',
    when: 'Quand',
    where: 'Où',
    status: 'État',
    statuses: {
      booked: 'Réservé',
      checked_in: 'Arrivé',
      served: 'Reçu',
      no_show: 'Manqué',
      cancelled: 'Annulé',
    },
    manage: 'Voir ou annuler une réservation',
    manageIntro: 'Saisissez le code de réservation reçu.',
    view: 'Voir ma réservation',
    cancel: 'Annuler ce rendez-vous',
    cancelled: 'Votre rendez-vous est annulé. La place est libre pour quelqu’un d’autre.',
    notFound: 'Aucune réservation n’a ce code. Vérifiez le code et réessayez.',
    codeMissing: 'Saisissez votre code de réservation.',
    tooManyWait: (m) =>
      `Trop de tentatives depuis votre connexion. Réessayez dans ${m === 1 ? 'une minute' : `${m}\u00a0minutes`}.`,
    problems: {
      required: 'champ obligatoire',
      chooseOne: 'choisissez-en un',
      tooShort: (min) => `texte trop court (au moins ${min} caractères)`,
      tooLong: (max) => `texte trop long (au plus ${max} caractères)`,
      notEmail: 'ce n’est pas une adresse électronique comme nom@exemple.org',
      notInForm: 'n’a pas la forme attendue',
      notPhone: (n) =>
        html`ce n’est pas un numéro de téléphone avec l’indicatif du pays : commencez par + (ou 00), p. ex. ${n}`,
      phoneDigits: 'un numéro de téléphone a de 7 à 15 chiffres après le + (ou 00)',
      chooseTime: 'choisissez un horaire',
    },
    errors: {
      slot_full: 'Désolé, cet horaire vient d’être pris. Choisissez-en un autre.',
      already_booked: 'Vous avez déjà un rendez-vous ce jour-là dans ce centre.',
      slot_unavailable: 'Cet horaire ne peut pas être réservé. Choisissez-en un autre.',
      rate_limited: 'Trop de tentatives depuis votre connexion. Attendez et réessayez plus tard.',
      invalid: 'Certaines réponses sont à corriger : voyez les remarques sous les champs.',
      invalid_transition: 'Ce rendez-vous ne peut plus être annulé.',
    },
    fields: {
      name: 'nom',
      phone: 'numéro de téléphone',
      email: 'courriel',
      start: 'horaire',
      day: 'jour',
      service: 'service',
      centre: 'centre',
    },
    free_: 'Libre',
    back: 'Choisir un autre centre',
    reminder: 'Vous recevrez un rappel la veille.',
  },
  es: {
    navLabel: 'Pedir una cita',
    navBlurb:
      'Pida una cita gratuita en un centro de asistencia para visados: solicitud de visado, revisión de documentos, orientación.',
    title: 'Pedir una cita en un centro de asistencia para visados',
    intro: 'Las citas son gratuitas. No necesita una cuenta. Recibirá un código para ver o cancelar su cita.',
    centre: 'Centro',
    chooseCentre: 'Elija un centro',
    service: 'Servicio',
    day: 'Día',
    show: 'Ver horas libres',
    slots: 'Horas libres',
    free: (n) => (n === 1 ? 'Queda 1 plaza' : `Quedan ${n} plazas`),
    noSlots: 'No hay horas libres ese día. Pruebe otro día.',
    closed: 'El centro está cerrado ese día. Pruebe otro día.',
    dayOutOfRange: (first, last) =>
      `Ese día no se puede reservar. Elija un día del ${first} al ${last}; se muestran las horas de mañana.`,
    yourDetails: 'Sus datos',
    name: 'Su nombre',
    phone: 'Número de teléfono',
    phoneHint: (n) => html`Con el prefijo del país, p. ej. ${n}. Le enviamos un recordatorio el día anterior.`,
    email: 'Correo electrónico',
    optional: '(opcional)',
    book: 'Reservar esta cita',
    booked: 'Su cita está reservada',
    keepCode: 'Guarde este código. Lo necesita para ver o cancelar su cita. Solo se muestra una vez.',
    code: 'Código de reserva',
    when: 'Cuándo',
    where: 'Dónde',
    status: 'Estado',
    statuses: {
      booked: 'Reservada',
      checked_in: 'Llegada registrada',
      served: 'Atendida',
      no_show: 'No asistió',
      cancelled: 'Cancelada',
    },
    manage: 'Ver o cancelar una reserva',
    manageIntro: 'Escriba el código de reserva que recibió.',
    view: 'Ver mi reserva',
    cancel: 'Cancelar esta cita',
    cancelled: 'Su cita está cancelada. La plaza queda libre para otra persona.',
    notFound: 'Ninguna reserva tiene este código. Compruebe el código y vuelva a intentarlo.',
    codeMissing: 'Escriba su código de reserva.',
    tooManyWait: (m) =>
      `Demasiados intentos desde su conexión. Vuelva a intentarlo dentro de ${m === 1 ? 'un minuto' : `${m} minutos`}.`,
    problems: {
      required: 'campo obligatorio',
      chooseOne: 'elija uno',
      tooShort: (min) => `texto demasiado corto (al menos ${min} caracteres)`,
      tooLong: (max) => `texto demasiado largo (como máximo ${max} caracteres)`,
      notEmail: 'no es una dirección de correo electrónico como nombre@ejemplo.org',
      notInForm: 'no tiene la forma esperada',
      notPhone: (n) => html`no es un número de teléfono con el prefijo del país: empiece por + (o 00), p. ej. ${n}`,
      phoneDigits: 'un número de teléfono tiene de 7 a 15 cifras después del + (o 00)',
      chooseTime: 'elija una hora',
    },
    errors: {
      slot_full: 'Lo sentimos, esta hora se acaba de ocupar. Elija otra.',
      already_booked: 'Ya tiene una cita ese día en este centro.',
      slot_unavailable: 'Esta hora no se puede reservar. Elija otra.',
      rate_limited: 'Demasiados intentos desde su conexión. Espere y vuelva a intentarlo más tarde.',
      invalid: 'Algunas respuestas necesitan corrección: vea las notas debajo de los campos.',
      invalid_transition: 'Esta cita ya no se puede cancelar.',
    },
    fields: {
      name: 'nombre',
      phone: 'número de teléfono',
      email: 'correo electrónico',
      start: 'hora',
      day: 'día',
      service: 'servicio',
      centre: 'centro',
    },
    free_: 'Libre',
    back: 'Elegir otro centro',
    reminder: 'Recibirá un recordatorio el día anterior.',
  },
  ar: {
    navLabel: 'احجز موعدًا',
    navBlurb: 'احجز موعدًا مجانيًا في مركز المساعدة في التأشيرات: طلب التأشيرة، التحقق من الوثائق، التوجيه.',
    title: 'احجز موعدًا في مركز المساعدة في التأشيرات',
    intro: 'المواعيد مجانية. لا حاجة إلى حساب. ستحصل على رمز حجز لعرض موعدك أو إلغائه.',
    centre: 'المركز',
    chooseCentre: 'اختر مركزًا',
    service: 'الخدمة',
    day: 'اليوم',
    show: 'اعرض الأوقات المتاحة',
    slots: 'الأوقات المتاحة',
    free: (n) => (n === 1 ? 'بقي مكان واحد' : `بقي ${n} أماكن`),
    noSlots: 'لا توجد أوقات متاحة في هذا اليوم. جرّب يومًا آخر.',
    closed: 'المركز مغلق في هذا اليوم. جرّب يومًا آخر.',
    dayOutOfRange: (first, last) => `لا يمكن الحجز في ذلك اليوم. اختر يومًا من ${first} إلى ${last}؛ تُعرض مواعيد الغد.`,
    yourDetails: 'بياناتك',
    name: 'اسمك',
    phone: 'رقم الهاتف',
    phoneHint: (n) => html`مع رمز البلد، مثل ${n}. نرسل لك تذكيرًا قبل الموعد بيوم.`,
    email: 'البريد الإلكتروني',
    optional: '(اختياري)',
    book: 'احجز هذا الموعد',
    booked: 'تم حجز موعدك',
    keepCode: 'احتفظ برمز الحجز هذا. تحتاجه لعرض موعدك أو إلغائه. يظهر مرة واحدة فقط.',
    code: 'رمز الحجز',
    when: 'متى',
    where: 'أين',
    status: 'الحالة',
    statuses: {
      booked: 'محجوز',
      checked_in: 'تم تسجيل الحضور',
      served: 'تمت الخدمة',
      no_show: 'لم يحضر',
      cancelled: 'ملغى',
    },
    manage: 'اعرض حجزًا أو ألغه',
    manageIntro: 'اكتب رمز الحجز الذي حصلت عليه.',
    view: 'اعرض حجزي',
    cancel: 'ألغِ هذا الموعد',
    cancelled: 'تم إلغاء موعدك. أصبح المكان متاحًا لشخص آخر.',
    notFound: 'لا يوجد حجز بهذا الرمز. تحقق من الرمز وحاول مرة أخرى.',
    codeMissing: 'اكتب رمز الحجز الخاص بك.',
    tooManyWait: (m) => `محاولات كثيرة جدًا من اتصالك. حاول مرة أخرى بعد ${minutesAr(m)}.`,
    problems: {
      required: 'حقل مطلوب',
      chooseOne: 'اختر واحدًا',
      tooShort: (min) => `النص قصير جدًا (عدد الأحرف ${min} على الأقل)`,
      tooLong: (max) => `النص طويل جدًا (عدد الأحرف ${max} على الأكثر)`,
      notEmail: 'العنوان غير صحيح؛ يجب أن يكون مثل name@example.org',
      notInForm: 'ليس بالشكل المطلوب',
      notPhone: (n) => html`ليس رقم هاتف مع رمز البلد: ابدأ بـ + (أو 00)، مثل ${n}`,
      phoneDigits: 'يتكون رقم الهاتف من 7 إلى 15 رقمًا بعد + (أو 00)',
      chooseTime: 'اختر وقتًا',
    },
    errors: {
      slot_full: 'عذرًا، حُجز هذا الوقت للتو. اختر وقتًا آخر.',
      already_booked: 'لديك موعد بالفعل في هذا اليوم في هذا المركز.',
      slot_unavailable: 'لا يمكن حجز هذا الوقت. اختر وقتًا آخر.',
      rate_limited: 'محاولات كثيرة جدًا من اتصالك. انتظر وحاول لاحقًا.',
      invalid: 'بعض الإجابات تحتاج إلى تصحيح: راجع الملاحظات تحت الحقول.',
      invalid_transition: 'لم يعد من الممكن إلغاء هذا الموعد.',
    },
    fields: {
      name: 'الاسم',
      phone: 'رقم الهاتف',
      email: 'البريد الإلكتروني',
      start: 'الوقت',
      day: 'اليوم',
      service: 'الخدمة',
      centre: 'المركز',
    },
    free_: 'متاح',
    back: 'اختر مركزًا آخر',
    reminder: 'ستتلقى تذكيرًا قبل الموعد بيوم.',
  },
};

/** The appointment pages' entry in the public site navigation (public-site/nav.ts). */
export const APPOINTMENT_NAV = {
  label: {
    en: APPOINTMENT_TEXTS.en.navLabel,
    fr: APPOINTMENT_TEXTS.fr.navLabel,
    es: APPOINTMENT_TEXTS.es.navLabel,
    ar: APPOINTMENT_TEXTS.ar.navLabel,
  },
  blurb: {
    en: APPOINTMENT_TEXTS.en.navBlurb,
    fr: APPOINTMENT_TEXTS.fr.navBlurb,
    es: APPOINTMENT_TEXTS.es.navBlurb,
    ar: APPOINTMENT_TEXTS.ar.navBlurb,
  },
};
