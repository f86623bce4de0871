// The report's own words in its four languages: headings, notes, the 8-point agenda (DOMAIN.md) and labels of the
// dimension values it breaks figures down by. Indicator titles come from the indicator definitions themselves.
import { countryName, isCountryCode } from '../../lib/countries.ts';
import type { AgendaPoint, Localised, ReportLanguage } from './report-data.ts';

export type ReportTexts = {
  title: string;
  scopeOrganisation: string;
  scopePlatform: string;
  year: string;
  generatedAt: string;
  dataAsOf: string;
  headline: string;
  agenda: string;
  noFigures: string;
  coverage: string;
  recordsCounted: string;
  excluded: string;
  /** The count left out when it is withheld (fewer than the threshold), as the dashboard words it. */
  excludedFew: string;
  suppressedCells: string;
  thresholds: string;
  rounding: string;
  noRounding: string;
  withoutData: string;
  notPooled: string;
  provenance: string;
  provenanceIntro: string;
  figure: string;
  indicator: string;
  definitionDigest: string;
  inputDigest: string;
  reportDigest: string;
  value: string;
  total: string;
  suppressed: string;
  suppressedNote: string;
  ofWhich: string;
  people: string;
  category: string;
  chartOf: string;
  sdg: string;
  gcm: string;
};

export const TEXTS: Record<ReportLanguage, ReportTexts> = {
  en: {
    title: 'Annual evidence report',
    scopeOrganisation: 'Organisation',
    scopePlatform: 'The whole platform',
    year: 'Year',
    generatedAt: 'Produced',
    dataAsOf: 'Data as of',
    headline: 'Headline figures',
    agenda: 'By point of the Secretary-General’s 8-point agenda',
    noFigures: 'No indicator in the catalogue serves this point yet.',
    coverage: 'Coverage and exclusions',
    recordsCounted: 'People assisted, counted (their legal basis allows statistical use)',
    excluded: 'People assisted, left out: no legal basis for statistical use',
    excludedFew: 'number withheld (fewer than the threshold in the table or in one of its periods)',
    suppressedCells: 'Table cells suppressed by disclosure control (primary and complementary)',
    thresholds: 'Smallest published count: {standard} (trafficking and gender-based violence: {sensitive})',
    rounding: 'Counts are rounded to a multiple of {base}',
    noRounding: 'Counts are not rounded',
    withoutData: 'Indicators with no data for the year',
    notPooled: 'Left out of the platform’s report (means and medians per organisation, which cannot be pooled exactly)',
    provenance: 'Provenance',
    provenanceIntro:
      'Each figure names the indicator definition that produced it, the moment the data was read, and a SHA-256 digest of its inputs (definition, query and published cells), so that it can be reproduced.',
    figure: 'Figure',
    indicator: 'Indicator',
    definitionDigest: 'Definition digest',
    inputDigest: 'Input digest',
    reportDigest: 'Digest of this report',
    value: 'Value',
    total: 'Total',
    suppressed: 'suppressed',
    suppressedNote: '“suppressed”: withheld so that no person can be singled out.',
    ofWhich: 'of whom',
    people: 'people',
    category: 'Category',
    chartOf: 'Chart',
    sdg: 'SDG',
    gcm: 'Global Compact objective',
  },
  fr: {
    title: 'Rapport annuel sur les données factuelles',
    scopeOrganisation: 'Organisation',
    scopePlatform: 'Toute la plateforme',
    year: 'Année',
    generatedAt: 'Produit le',
    dataAsOf: 'Données au',
    headline: 'Chiffres clés',
    agenda: 'Par point du programme en 8 points du Secrétaire général',
    noFigures: 'Aucun indicateur du catalogue ne sert encore ce point.',
    coverage: 'Couverture et exclusions',
    recordsCounted: 'Personnes assistées comptées (base juridique permettant l’usage statistique)',
    excluded: 'Personnes assistées non comptées : pas de base juridique pour l’usage statistique',
    excludedFew: 'nombre masqué (moins que le seuil dans le tableau ou dans l’une de ses périodes)',
    suppressedCells: 'Cellules masquées par le contrôle de divulgation (primaire et complémentaire)',
    thresholds: 'Plus petit effectif publié : {standard} (traite et violences basées sur le genre : {sensitive})',
    rounding: 'Les effectifs sont arrondis à un multiple de {base}',
    noRounding: 'Les effectifs ne sont pas arrondis',
    withoutData: 'Indicateurs sans données pour l’année',
    notPooled:
      'Absents du rapport de la plateforme (moyennes et médianes par organisation, qui ne peuvent être regroupées exactement)',
    provenance: 'Provenance',
    provenanceIntro:
      'Chaque chiffre indique la définition d’indicateur qui l’a produit, le moment où les données ont été lues et une empreinte SHA-256 de ses entrées (définition, requête et cellules publiées), afin de pouvoir le reproduire.',
    figure: 'Chiffre',
    indicator: 'Indicateur',
    definitionDigest: 'Empreinte de la définition',
    inputDigest: 'Empreinte des entrées',
    reportDigest: 'Empreinte de ce rapport',
    value: 'Valeur',
    total: 'Total',
    suppressed: 'masqué',
    suppressedNote: '« masqué » : non publié afin qu’aucune personne ne puisse être identifiée.',
    ofWhich: 'dont',
    people: 'personnes',
    category: 'Catégorie',
    chartOf: 'Graphique',
    sdg: 'ODD',
    gcm: 'Objectif du Pacte mondial',
  },
  es: {
    title: 'Informe anual de datos empíricos',
    scopeOrganisation: 'Organización',
    scopePlatform: 'Toda la plataforma',
    year: 'Año',
    generatedAt: 'Elaborado',
    dataAsOf: 'Datos a',
    headline: 'Cifras principales',
    agenda: 'Por punto del programa de 8 puntos del Secretario General',
    noFigures: 'Ningún indicador del catálogo sirve todavía a este punto.',
    coverage: 'Cobertura y exclusiones',
    recordsCounted: 'Personas asistidas contadas (base jurídica que permite el uso estadístico)',
    excluded: 'Personas asistidas no contadas: sin base jurídica para el uso estadístico',
    excludedFew: 'número oculto (menos que el umbral en la tabla o en uno de sus periodos)',
    suppressedCells: 'Celdas suprimidas por el control de divulgación (primaria y complementaria)',
    thresholds: 'Menor recuento publicado: {standard} (trata y violencia de género: {sensitive})',
    rounding: 'Los recuentos se redondean a un múltiplo de {base}',
    noRounding: 'Los recuentos no se redondean',
    withoutData: 'Indicadores sin datos para el año',
    notPooled:
      'Excluidos del informe de la plataforma (medias y medianas por organización, que no pueden agregarse con exactitud)',
    provenance: 'Procedencia',
    provenanceIntro:
      'Cada cifra indica la definición de indicador que la produjo, el momento en que se leyeron los datos y un resumen SHA-256 de sus entradas (definición, consulta y celdas publicadas), para poder reproducirla.',
    figure: 'Cifra',
    indicator: 'Indicador',
    definitionDigest: 'Resumen de la definición',
    inputDigest: 'Resumen de las entradas',
    reportDigest: 'Resumen de este informe',
    value: 'Valor',
    total: 'Total',
    suppressed: 'suprimido',
    suppressedNote: '«suprimido»: no se publica para que nadie pueda ser identificado.',
    ofWhich: 'de las cuales',
    people: 'personas',
    category: 'Categoría',
    chartOf: 'Gráfico',
    sdg: 'ODS',
    gcm: 'Objetivo del Pacto Mundial',
  },
  ar: {
    title: 'التقرير السنوي لقاعدة الأدلة',
    scopeOrganisation: 'المنظمة',
    scopePlatform: 'المنصة بأكملها',
    year: 'السنة',
    generatedAt: 'تاريخ الإعداد',
    dataAsOf: 'البيانات حتى',
    headline: 'الأرقام الرئيسية',
    agenda: 'حسب نقاط خطة الأمين العام ذات النقاط الثماني',
    noFigures: 'لا يخدم أي مؤشر في الفهرس هذه النقطة بعد.',
    coverage: 'التغطية والاستبعادات',
    recordsCounted: 'الأشخاص الذين تلقوا المساعدة المحسوبون (أساس قانوني يسمح بالاستخدام الإحصائي)',
    excluded: 'الأشخاص الذين تلقوا المساعدة المستبعدون: لا أساس قانونيًا للاستخدام الإحصائي',
    excludedFew: 'العدد محجوب (أقل من العتبة في الجدول أو في إحدى فتراته)',
    suppressedCells: 'خلايا محجوبة بضوابط الإفصاح (أولية وتكميلية)',
    thresholds: 'أصغر عدد منشور: {standard} (الاتجار بالبشر والعنف القائم على النوع الاجتماعي: {sensitive})',
    rounding: 'تُقرَّب الأعداد إلى مضاعفات {base}',
    noRounding: 'لا تُقرَّب الأعداد',
    withoutData: 'مؤشرات بلا بيانات لهذه السنة',
    notPooled: 'مستبعدة من تقرير المنصة (متوسطات ووسائط لكل منظمة لا يمكن تجميعها بدقة)',
    provenance: 'المصدر',
    provenanceIntro:
      'يذكر كل رقم تعريف المؤشر الذي أنتجه ووقت قراءة البيانات وبصمة SHA-256 لمدخلاته (التعريف والاستعلام والخلايا المنشورة) لكي يمكن إعادة إنتاجه.',
    figure: 'الرقم',
    indicator: 'المؤشر',
    definitionDigest: 'بصمة التعريف',
    inputDigest: 'بصمة المدخلات',
    reportDigest: 'بصمة هذا التقرير',
    value: 'القيمة',
    total: 'المجموع',
    suppressed: 'محجوب',
    suppressedNote: '«محجوب»: لم يُنشر كي لا يمكن التعرف على أي شخص.',
    ofWhich: 'منهم',
    people: 'أشخاص',
    category: 'الفئة',
    chartOf: 'رسم بياني',
    sdg: 'هدف التنمية المستدامة',
    gcm: 'هدف الاتفاق العالمي',
  },
};

/** The 8 points (DOMAIN.md), in the four languages. */
export const AGENDA_TITLES: Record<AgendaPoint, Localised> = {
  1: {
    en: 'Protect the human rights of all migrants',
    fr: 'Protéger les droits humains de tous les migrants',
    es: 'Proteger los derechos humanos de todos los migrantes',
    ar: 'حماية حقوق الإنسان لجميع المهاجرين',
  },
  2: {
    en: 'Reduce the costs of labour migration',
    fr: 'Réduire les coûts de la migration de main-d’œuvre',
    es: 'Reducir los costos de la migración laboral',
    ar: 'خفض تكاليف هجرة اليد العاملة',
  },
  3: {
    en: 'Eliminate migrant exploitation, including human trafficking',
    fr: 'Éliminer l’exploitation des migrants, y compris la traite des êtres humains',
    es: 'Eliminar la explotación de los migrantes, incluida la trata de personas',
    ar: 'القضاء على استغلال المهاجرين بما في ذلك الاتجار بالبشر',
  },
  4: {
    en: 'Address the plight of stranded migrants',
    fr: 'Remédier au sort des migrants bloqués',
    es: 'Atender la difícil situación de los migrantes varados',
    ar: 'معالجة محنة المهاجرين العالقين',
  },
  5: {
    en: 'Improve public perceptions of migrants',
    fr: 'Améliorer la perception des migrants par le public',
    es: 'Mejorar la percepción pública de los migrantes',
    ar: 'تحسين نظرة الجمهور إلى المهاجرين',
  },
  6: {
    en: 'Integrate migration into the development agenda',
    fr: 'Intégrer la migration dans le programme de développement',
    es: 'Integrar la migración en la agenda de desarrollo',
    ar: 'إدماج الهجرة في خطة التنمية',
  },
  7: {
    en: 'Strengthen the migration evidence base',
    fr: 'Renforcer la base de données factuelles sur les migrations',
    es: 'Fortalecer la base empírica sobre la migración',
    ar: 'تعزيز قاعدة الأدلة المتعلقة بالهجرة',
  },
  8: {
    en: 'Enhance migration partnerships and cooperation',
    fr: 'Renforcer les partenariats et la coopération en matière de migration',
    es: 'Fortalecer las alianzas y la cooperación en materia de migración',
    ar: 'تعزيز الشراكات والتعاون في مجال الهجرة',
  },
};

const L = (en: string, fr: string, es: string, ar: string): Localised => ({ en, fr, es, ar });

/** Labels of dimension values the report breaks figures down by; other values are shown as recorded. */
const VALUE_LABELS: Record<string, Record<string, Localised>> = {
  exploitation_type: {
    ForcedLabour: L('Forced labour', 'Travail forcé', 'Trabajo forzoso', 'العمل القسري'),
    SexualExploitation: L('Sexual exploitation', 'Exploitation sexuelle', 'Explotación sexual', 'الاستغلال الجنسي'),
    ChildLabour: L('Child labour', 'Travail des enfants', 'Trabajo infantil', 'عمل الأطفال'),
    ForcedMarriage: L('Forced marriage', 'Mariage forcé', 'Matrimonio forzado', 'الزواج القسري'),
    Servitude: L('Servitude', 'Servitude', 'Servidumbre', 'الاستعباد'),
    ForcedMilitaryByNonStateActors: L(
      'Forced military service (non-state actors)',
      'Service militaire forcé (acteurs non étatiques)',
      'Servicio militar forzoso (actores no estatales)',
      'الخدمة العسكرية القسرية (جهات غير حكومية)',
    ),
    OrganRemoval: L('Organ removal', 'Prélèvement d’organes', 'Extracción de órganos', 'نزع الأعضاء'),
    ForcedBegging: L('Forced begging', 'Mendicité forcée', 'Mendicidad forzada', 'التسول القسري'),
    ForcedAdoption: L('Forced adoption', 'Adoption forcée', 'Adopción forzada', 'التبني القسري'),
    Surrogacy: L('Surrogacy', 'Gestation pour autrui', 'Gestación subrogada', 'تأجير الأرحام'),
    Other: L('Other', 'Autre', 'Otro', 'أخرى'),
  },
  case_type: {
    protection: L(
      'Protection and assistance',
      'Protection et assistance',
      'Protección y asistencia',
      'الحماية والمساعدة',
    ),
    trafficking: L('Victims of trafficking', 'Victimes de la traite', 'Víctimas de trata', 'ضحايا الاتجار'),
    child: L(
      'Unaccompanied or separated children',
      'Enfants non accompagnés ou séparés',
      'Niños no acompañados o separados',
      'أطفال غير مصحوبين أو منفصلون عن ذويهم',
    ),
    gbv: L('Gender-based violence', 'Violences basées sur le genre', 'Violencia de género', 'العنف القائم على النوع'),
    avrr: L(
      'Assisted voluntary return',
      'Retour volontaire assisté',
      'Retorno voluntario asistido',
      'العودة الطوعية بمساعدة',
    ),
  },
  sex: {
    female: L('Female', 'Femmes', 'Mujeres', 'إناث'),
    male: L('Male', 'Hommes', 'Hombres', 'ذكور'),
    other: L('Other', 'Autre', 'Otro', 'آخر'),
  },
  age_group: {
    '0-17': L('0–17 years', '0–17 ans', '0–17 años', '0–17 سنة'),
    '18+': L('18 years and over', '18 ans et plus', '18 años y más', '18 سنة فأكثر'),
  },
  // The service types of corridor.service_type (vocabularies/service-type.ts), as the web app labels them.
  service_type: {
    accommodation: L('Shelter and accommodation', 'Abri et hébergement', 'Albergue y alojamiento', 'المأوى والسكن'),
    food_and_items: L(
      'Food and non-food items',
      'Vivres et articles non alimentaires',
      'Alimentos y artículos no alimentarios',
      'الغذاء والمواد غير الغذائية',
    ),
    health_care: L('Health care', 'Soins de santé', 'Atención de salud', 'الرعاية الصحية'),
    mental_health_psychosocial: L(
      'Mental health and psychosocial support',
      'Santé mentale et soutien psychosocial',
      'Salud mental y apoyo psicosocial',
      'الصحة النفسية والدعم النفسي الاجتماعي',
    ),
    legal_assistance: L('Legal assistance', 'Assistance juridique', 'Asistencia jurídica', 'المساعدة القانونية'),
    documentation: L(
      'Identity and travel documents',
      'Documents d’identité et de voyage',
      'Documentos de identidad y de viaje',
      'وثائق الهوية والسفر',
    ),
    family_tracing: L(
      'Family tracing and reunification',
      'Recherche et réunification familiales',
      'Búsqueda y reunificación familiar',
      'البحث عن الأسرة ولمّ شملها',
    ),
    alternative_care: L(
      'Alternative care (children)',
      'Prise en charge alternative (enfants)',
      'Cuidado alternativo (niñez)',
      'الرعاية البديلة (للأطفال)',
    ),
    education: L('Education', 'Éducation', 'Educación', 'التعليم'),
    livelihood: L(
      'Livelihood and vocational training',
      'Moyens de subsistance et formation professionnelle',
      'Medios de vida y formación profesional',
      'سبل العيش والتدريب المهني',
    ),
    cash_assistance: L('Cash assistance', 'Assistance en espèces', 'Asistencia en efectivo', 'المساعدة النقدية'),
    transport: L('Transport', 'Transport', 'Transporte', 'النقل'),
    interpretation: L('Interpretation', 'Interprétation', 'Interpretación', 'الترجمة الشفوية'),
    safety_and_security: L('Safety and security', 'Sûreté et sécurité', 'Protección y seguridad', 'السلامة والأمن'),
    return_travel: L(
      'Return travel assistance',
      'Aide au voyage de retour',
      'Asistencia para el viaje de retorno',
      'المساعدة في سفر العودة',
    ),
    reintegration: L(
      'Reintegration assistance',
      'Aide à la réintégration',
      'Asistencia para la reintegración',
      'المساعدة على إعادة الإدماج',
    ),
    case_management: L('Case management', 'Gestion de cas', 'Gestión de casos', 'إدارة الحالة'),
  },
  // Breakdowns of the indicators computed on demand (on-demand.ts).
  round: {
    baseline: L('Baseline', 'Situation de départ', 'Línea de base', 'خط الأساس'),
    m3: L('3 months', '3 mois', '3 meses', '3 أشهر'),
    m6: L('6 months', '6 mois', '6 meses', '6 أشهر'),
    m12: L('12 months', '12 mois', '12 meses', '12 شهرًا'),
  },
  component: {
    economic: L('Economic', 'Économique', 'Económica', 'اقتصادية'),
    social: L('Social', 'Sociale', 'Social', 'اجتماعية'),
    psychosocial: L('Psychosocial', 'Psychosociale', 'Psicosocial', 'نفسية اجتماعية'),
    composite: L('Composite', 'Composite', 'Compuesta', 'مركبة'),
  },
  statistic: {
    median: L('Median', 'Médiane', 'Mediana', 'الوسيط'),
    p90: L('90th percentile', '90e centile', 'Percentil 90', 'المئين التسعون'),
    mean: L('Mean', 'Moyenne', 'Media', 'المتوسط'),
  },
  project_kind: {
    capacity_building: L(
      'Capacity building',
      'Renforcement des capacités',
      'Fortalecimiento de capacidades',
      'بناء القدرات',
    ),
    development_grant: L('Development grant', 'Subvention de développement', 'Subvención de desarrollo', 'منحة تنمية'),
    integration: L('Integration', 'Intégration', 'Integración', 'الإدماج'),
    regional_consultative_process: L(
      'Regional consultative process',
      'Processus consultatif régional',
      'Proceso consultivo regional',
      'عملية تشاورية إقليمية',
    ),
  },
};

/** Names of the breakdowns (column headers of exports, captions of report tables). */
export const DIMENSION_NAMES: Record<string, Localised> = {
  period: L('Period', 'Période', 'Período', 'الفترة'),
  organisation: L('Organisation', 'Organisation', 'Organización', 'المنظمة'),
  country: L('Country', 'Pays', 'País', 'البلد'),
  pcode: L('Place (p-code)', 'Lieu (p-code)', 'Lugar (p-code)', 'المكان (الرمز المكاني)'),
  sex: L('Sex', 'Sexe', 'Sexo', 'الجنس'),
  age_group: L('Age group', 'Groupe d’âge', 'Grupo de edad', 'الفئة العمرية'),
  nationality: L('Nationality', 'Nationalité', 'Nacionalidad', 'الجنسية'),
  case_type: L('Type of case', 'Type de dossier', 'Tipo de caso', 'نوع الحالة'),
  exploitation_type: L('Form of exploitation', 'Forme d’exploitation', 'Forma de explotación', 'شكل الاستغلال'),
  service_type: L('Type of service', 'Type de service', 'Tipo de servicio', 'نوع الخدمة'),
  currency: L('Currency', 'Devise', 'Moneda', 'العملة'),
  round: L('Survey round', 'Vague d’enquête', 'Ronda de encuesta', 'جولة المسح'),
  component: L('Score', 'Score', 'Puntuación', 'الدرجة'),
  corridor: L('Corridor', 'Corridor', 'Corredor', 'الممر'),
  statistic: L('Statistic', 'Statistique', 'Estadístico', 'المؤشر الإحصائي'),
  project_kind: L('Kind of project', 'Type de projet', 'Tipo de proyecto', 'نوع المشروع'),
};

const UNKNOWN_LABEL = L('Not recorded', 'Non renseigné', 'No registrado', 'غير مسجل');

/** The label of a dimension value in every language (the value itself when the report has no label for it). */
export function valueLabel(dimension: string, value: string): Localised {
  if (value === 'unknown' || value === '') return UNKNOWN_LABEL;
  const known = VALUE_LABELS[dimension]?.[value];
  if (known) return known;
  // A country or nationality by its name in each language (Intl's region names; an unknown code as itself).
  if ((dimension === 'country' || dimension === 'nationality') && isCountryCode(value))
    return L(countryName(value, 'en'), countryName(value, 'fr'), countryName(value, 'es'), countryName(value, 'ar'));
  return L(value, value, value, value);
}

/** Replaces {name} placeholders. */
/** Joins the parts of a title ("Cases opened, by month"): with the Arabic comma (،) in Arabic, a comma otherwise. */
export function titled(language: ReportLanguage, ...parts: readonly string[]): string {
  return parts.join(language === 'ar' ? '، ' : ', ');
}

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}
