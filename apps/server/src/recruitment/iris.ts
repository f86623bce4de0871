// The IRIS Standard (v1.2, 2019): seven principles and the criteria audits check, in four languages. The
// criteria texts are Corridor's summaries for auditors and recruiters, not the Standard's full wording.
import type { Texts } from '../public-site/i18n.ts';

export const PRINCIPLES = ['A', 'B', '1', '2', '3', '4', '5'] as const;
export type Principle = (typeof PRINCIPLES)[number];

export type Criterion = { code: string; principle: Principle; text: Texts<string> };

export const PRINCIPLE_TEXT: Record<Principle, Texts<string>> = {
  A: {
    en: 'Respect for laws, fundamental principles and rights at work',
    fr: 'Respect des lois, des principes et droits fondamentaux au travail',
    es: 'Respeto de las leyes y de los principios y derechos fundamentales en el trabajo',
    ar: 'احترام القوانين والمبادئ والحقوق الأساسية في العمل',
  },
  B: {
    en: 'Respect for ethical and professional conduct',
    fr: 'Respect d’une conduite éthique et professionnelle',
    es: 'Respeto de una conducta ética y profesional',
    ar: 'احترام السلوك الأخلاقي والمهني',
  },
  '1': {
    en: 'Prohibition of recruitment fees to jobseekers (the Employer Pays Principle)',
    fr: 'Interdiction des frais de recrutement pour les demandeurs d’emploi (principe de l’employeur-payeur)',
    es: 'Prohibición de cobrar comisiones de contratación a quienes buscan empleo (principio de que paga el empleador)',
    ar: 'حظر تحصيل رسوم التوظيف من الباحثين عن عمل (مبدأ دفع صاحب العمل)',
  },
  '2': {
    en: 'Respect for freedom of movement',
    fr: 'Respect de la liberté de circulation',
    es: 'Respeto de la libertad de circulación',
    ar: 'احترام حرية التنقل',
  },
  '3': {
    en: 'Respect for transparency of terms and conditions of employment',
    fr: 'Respect de la transparence des conditions d’emploi',
    es: 'Respeto de la transparencia de los términos y condiciones de empleo',
    ar: 'احترام شفافية شروط وظروف العمل',
  },
  '4': {
    en: 'Respect for confidentiality and data protection',
    fr: 'Respect de la confidentialité et de la protection des données',
    es: 'Respeto de la confidencialidad y de la protección de datos',
    ar: 'احترام السرية وحماية البيانات',
  },
  '5': {
    en: 'Respect for access to remedy',
    fr: 'Respect de l’accès aux voies de recours',
    es: 'Respeto del acceso a mecanismos de reparación',
    ar: 'احترام الحق في الوصول إلى سبل الانتصاف',
  },
};

const c = (code: string, principle: Principle, en: string, fr: string, es: string, ar: string): Criterion => ({
  code,
  principle,
  text: { en, fr, es, ar },
});

export const CRITERIA: readonly Criterion[] = [
  c(
    'A.1',
    'A',
    'Complies with the laws of its countries of operation and holds a valid licence',
    'Respecte les lois de ses pays d’activité et détient une licence valide',
    'Cumple las leyes de sus países de operación y tiene una licencia vigente',
    'يلتزم بقوانين بلدان عمله ويحمل ترخيصًا ساريًا',
  ),
  c(
    'A.2',
    'A',
    'Uses no forced labour and takes no part in human trafficking',
    'N’a recours à aucun travail forcé et ne participe à aucune traite des êtres humains',
    'No recurre al trabajo forzoso ni participa en la trata de personas',
    'لا يستخدم العمل القسري ولا يشارك في الاتجار بالبشر',
  ),
  c(
    'A.3',
    'A',
    'Recruits no migrant workers under 18',
    'Ne recrute aucun travailleur migrant de moins de 18 ans',
    'No contrata a trabajadores migrantes menores de 18 años',
    'لا يوظف عمالًا مهاجرين دون سن 18 عامًا',
  ),
  c(
    'A.4',
    'A',
    'Does not discriminate in recruitment',
    'Ne pratique aucune discrimination dans le recrutement',
    'No discrimina en la contratación',
    'لا يمارس التمييز في التوظيف',
  ),
  c(
    'B.1',
    'B',
    'Advertises jobs accurately and never deceptively',
    'Publie des offres d’emploi exactes et jamais trompeuses',
    'Anuncia los empleos con exactitud y nunca de forma engañosa',
    'يعلن عن الوظائف بدقة ودون أي تضليل',
  ),
  c(
    'B.2',
    'B',
    'Checks its business partners, sub-agents and employers (due diligence)',
    'Vérifie ses partenaires, sous-agents et employeurs (diligence raisonnable)',
    'Verifica a sus socios, subagentes y empleadores (debida diligencia)',
    'يتحقق من شركائه ووكلائه الفرعيين وأصحاب العمل (العناية الواجبة)',
  ),
  c(
    'B.3',
    'B',
    'Has a management system and trains its staff in ethical recruitment',
    'Dispose d’un système de gestion et forme son personnel au recrutement éthique',
    'Tiene un sistema de gestión y forma a su personal en contratación ética',
    'لديه نظام إدارة ويدرب موظفيه على التوظيف الأخلاقي',
  ),
  c(
    '1.1',
    '1',
    'Charges no recruitment fees or related costs to workers, directly or indirectly',
    'Ne fait payer aux travailleurs aucun frais de recrutement ni coût connexe, directement ou indirectement',
    'No cobra a los trabajadores comisiones de contratación ni costos conexos, directa o indirectamente',
    'لا يحصّل من العمال أي رسوم توظيف أو تكاليف مرتبطة بها، بشكل مباشر أو غير مباشر',
  ),
  c(
    '1.2',
    '1',
    'Informs employers that they pay all recruitment fees and costs, and they do',
    'Informe les employeurs qu’ils paient tous les frais et coûts de recrutement, et ils les paient',
    'Informa a los empleadores de que pagan todas las comisiones y costos de contratación, y los pagan',
    'يُعلم أصحاب العمل بأنهم يتحملون جميع رسوم وتكاليف التوظيف، وهم يدفعونها فعلًا',
  ),
  c(
    '1.3',
    '1',
    'Makes sure sub-agents and partners charge workers nothing',
    'S’assure que ses sous-agents et partenaires ne font rien payer aux travailleurs',
    'Se asegura de que sus subagentes y socios no cobren nada a los trabajadores',
    'يتأكد من أن وكلاءه الفرعيين وشركاءه لا يحصّلون شيئًا من العمال',
  ),
  c(
    '2.1',
    '2',
    'Never retains passports, identity documents or contracts of workers',
    'Ne retient jamais les passeports, pièces d’identité ou contrats des travailleurs',
    'Nunca retiene pasaportes, documentos de identidad ni contratos de los trabajadores',
    'لا يحتجز أبدًا جوازات سفر العمال أو وثائق هويتهم أو عقودهم',
  ),
  c(
    '2.2',
    '2',
    'Takes no deposits or bonds and withholds no wages',
    'N’exige ni dépôt ni caution et ne retient aucun salaire',
    'No exige depósitos ni fianzas y no retiene salarios',
    'لا يأخذ ودائع أو ضمانات ولا يحجز الأجور',
  ),
  c(
    '2.3',
    '2',
    'Lets workers leave or change jobs without penalty',
    'Laisse les travailleurs partir ou changer d’emploi sans pénalité',
    'Permite a los trabajadores irse o cambiar de empleo sin penalización',
    'يسمح للعمال بترك العمل أو تغييره دون عقوبة',
  ),
  c(
    '3.1',
    '3',
    'Gives a written contract in a language the worker understands, before departure',
    'Remet un contrat écrit dans une langue que le travailleur comprend, avant le départ',
    'Entrega un contrato escrito en un idioma que el trabajador entiende, antes de la partida',
    'يقدّم عقدًا مكتوبًا بلغة يفهمها العامل قبل السفر',
  ),
  c(
    '3.2',
    '3',
    'Never substitutes contracts or changes terms without the worker’s agreement',
    'Ne substitue jamais de contrat et ne modifie pas les conditions sans l’accord du travailleur',
    'Nunca sustituye contratos ni cambia las condiciones sin el acuerdo del trabajador',
    'لا يستبدل العقود أبدًا ولا يغيّر الشروط دون موافقة العامل',
  ),
  c(
    '3.3',
    '3',
    'Informs workers truthfully about living and working conditions',
    'Informe les travailleurs de manière véridique sur les conditions de vie et de travail',
    'Informa verazmente a los trabajadores sobre las condiciones de vida y de trabajo',
    'يُعلم العمال بصدق بظروف المعيشة والعمل',
  ),
  c(
    '4.1',
    '4',
    'Collects personal data only with consent and only for recruitment',
    'Ne collecte des données personnelles qu’avec consentement et pour le seul recrutement',
    'Recoge datos personales solo con consentimiento y solo para la contratación',
    'لا يجمع البيانات الشخصية إلا بموافقة ولأغراض التوظيف فقط',
  ),
  c(
    '4.2',
    '4',
    'Keeps workers’ data secure and confidential',
    'Conserve les données des travailleurs en sécurité et en toute confidentialité',
    'Mantiene los datos de los trabajadores seguros y confidenciales',
    'يحفظ بيانات العمال بشكل آمن وسري',
  ),
  c(
    '4.3',
    '4',
    'Lets workers see and correct their data',
    'Permet aux travailleurs de consulter et de corriger leurs données',
    'Permite a los trabajadores ver y corregir sus datos',
    'يتيح للعمال الاطلاع على بياناتهم وتصحيحها',
  ),
  c(
    '5.1',
    '5',
    'Runs a grievance mechanism workers can use without fear of reprisal',
    'Dispose d’un mécanisme de plainte utilisable sans crainte de représailles',
    'Tiene un mecanismo de quejas que los trabajadores pueden usar sin temor a represalias',
    'يوفر آلية شكاوى يستطيع العمال استخدامها دون خوف من الانتقام',
  ),
  c(
    '5.2',
    '5',
    'Cooperates in remediation when harm is found',
    'Coopère à la réparation lorsqu’un préjudice est constaté',
    'Coopera en la reparación cuando se constata un daño',
    'يتعاون في جبر الضرر عند ثبوته',
  ),
  c(
    '5.3',
    '5',
    'Informs workers of their rights and of where to get help',
    'Informe les travailleurs de leurs droits et des lieux où obtenir de l’aide',
    'Informa a los trabajadores de sus derechos y de dónde obtener ayuda',
    'يُعلم العمال بحقوقهم وبالجهات التي تقدم المساعدة',
  ),
];

const BY_CODE = new Map(CRITERIA.map((x) => [x.code, x]));
export const criterionOf = (code: string): Criterion | undefined => BY_CODE.get(code);

/**
 * The Employer Pays Principle for workers: what nobody may ask them to pay (ILO definition of recruitment fees
 * and related costs, IRIS principle 1).
 */
export const EMPLOYER_PAYS: Texts<{ title: string; intro: string; items: string[]; outro: string }> = {
  en: {
    title: 'You should never be asked to pay',
    intro: 'Under the Employer Pays Principle, the employer pays all costs of recruiting you. Nobody may ask you for:',
    items: [
      'a recruitment, placement or service fee',
      'your air ticket or travel to the job',
      'visa, work permit or other government fees',
      'medical examinations, tests or training for the job',
      'documents, translations or certificates the job needs',
      'a deposit, a bond or a share of your wages',
      'giving up your passport or contract',
    ],
    outro: 'If someone asks you to pay, do not pay: keep any proof and report it.',
  },
  fr: {
    title: 'On ne doit jamais vous demander de payer',
    intro:
      'Selon le principe de l’employeur-payeur, l’employeur paie tous les coûts de votre recrutement. Personne ne peut vous demander :',
    items: [
      'des frais de recrutement, de placement ou de service',
      'votre billet d’avion ou votre voyage jusqu’à l’emploi',
      'les frais de visa, de permis de travail ou autres frais administratifs',
      'les examens médicaux, tests ou formations exigés pour l’emploi',
      'les documents, traductions ou certificats exigés pour l’emploi',
      'un dépôt, une caution ou une part de votre salaire',
      'de remettre votre passeport ou votre contrat',
    ],
    outro: 'Si quelqu’un vous demande de payer, ne payez pas : gardez toute preuve et signalez-le.',
  },
  es: {
    title: 'Nunca deben pedirle que pague',
    intro:
      'Según el principio de que paga el empleador, el empleador paga todos los costos de su contratación. Nadie puede pedirle:',
    items: [
      'una comisión de contratación, colocación o servicio',
      'su pasaje de avión o el viaje hasta el empleo',
      'tasas de visado, permiso de trabajo u otras tasas oficiales',
      'exámenes médicos, pruebas o formación exigidos para el empleo',
      'documentos, traducciones o certificados exigidos para el empleo',
      'un depósito, una fianza o una parte de su salario',
      'que entregue su pasaporte o su contrato',
    ],
    outro: 'Si alguien le pide que pague, no pague: guarde cualquier prueba y denúncielo.',
  },
  ar: {
    title: 'لا يجوز أبدًا أن يُطلب منك أن تدفع',
    intro: 'وفق مبدأ دفع صاحب العمل، يدفع صاحب العمل جميع تكاليف توظيفك. لا يحق لأحد أن يطلب منك:',
    items: [
      'رسوم توظيف أو تشغيل أو خدمة',
      'تذكرة الطيران أو تكاليف السفر إلى العمل',
      'رسوم التأشيرة أو تصريح العمل أو أي رسوم حكومية أخرى',
      'الفحوص الطبية أو الاختبارات أو التدريب المطلوب للعمل',
      'الوثائق أو الترجمات أو الشهادات المطلوبة للعمل',
      'وديعة أو ضمانًا أو جزءًا من أجرك',
      'تسليم جواز سفرك أو عقدك',
    ],
    outro: 'إذا طلب منك أحد أن تدفع، فلا تدفع: احتفظ بأي دليل وأبلغ عن ذلك.',
  },
};
