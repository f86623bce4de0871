// The public recruiter check (/public/recruiters): a worker looks up an agency by name or licence number before
// paying anyone, on a phone, in four languages. Server-rendered, no JavaScript (docs/public-site.md).
import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { countryName } from '../lib/countries.ts';
import { html, type SafeHtml } from '../public-site/html.ts';
import { arrowOf, type Lang, listSeparatorOf, type Texts } from '../public-site/i18n.ts';
import { PublicPageQuery, publicPage } from '../public-site/public-page.ts';
import { EMPLOYER_PAYS } from './iris.ts';
import { recruitmentPolicies } from './recruitment.policy.ts';
import { type PublicStatus, publicLookup } from './recruitment.service.ts';

type T = {
  title: string;
  intro: string;
  label: string;
  hint: string;
  search: string;
  results: string;
  none: string;
  truncated: string;
  tooShort: string;
  licence: string;
  authority: string;
  certificate: string;
  validUntil: string;
  expiredOn: string;
  licenceExpiredOn: string;
  licenceExpiredNote: string;
  since: string;
  reason: string;
  corridors: string;
  status: Record<PublicStatus, string>;
  explain: Record<PublicStatus, string>;
};

const TEXT: Texts<T> = {
  en: {
    title: 'Check a recruitment agency',
    intro: 'Before you pay or sign anything, check that the agency is certified for ethical recruitment (IRIS).',
    label: 'Agency name or licence number',
    hint: 'At least 2 letters or digits. Accents and capitals do not matter.',
    search: 'Check',
    results: 'Results',
    none: 'No agency matches. An agency that is not listed here is not IRIS-certified: check its licence with the licensing authority before paying anything.',
    truncated: 'More agencies match: type more of the name or the licence number.',
    tooShort: 'Type at least 2 letters or digits.',
    licence: 'Licence',
    authority: 'Licensing authority',
    certificate: 'Certificate',
    validUntil: 'Valid until',
    expiredOn: 'Expired on',
    licenceExpiredOn: 'Licence expired on',
    licenceExpiredNote:
      'Its recruitment licence has expired: it may not recruit lawfully until the licensing authority renews it. Do not pay or sign anything.',
    since: 'Since',
    reason: 'Reason',
    corridors: 'Recruits from → to',
    status: {
      certified: 'Certified',
      expired: 'Certificate expired',
      suspended: 'Suspended',
      withdrawn: 'Certificate withdrawn',
      in_progress: 'Not certified yet (being assessed)',
      not_certified: 'Not certified',
    },
    explain: {
      certified: 'This agency is certified: it has committed not to charge workers any fee.',
      expired: 'The certificate is no longer valid.',
      suspended: 'The certificate is suspended: take care, and report any fee you are asked to pay.',
      withdrawn: 'The certificate was withdrawn.',
      in_progress: 'The agency has applied; it is not certified yet.',
      not_certified: 'This agency is not certified.',
    },
  },
  fr: {
    title: 'Vérifier une agence de recrutement',
    intro:
      'Avant de payer ou de signer quoi que ce soit, vérifiez que l’agence est certifiée pour un recrutement éthique (IRIS).',
    label: 'Nom de l’agence ou numéro de licence',
    hint: 'Au moins 2 lettres ou chiffres. Les accents et majuscules ne comptent pas.',
    search: 'Vérifier',
    results: 'Résultats',
    none: 'Aucune agence ne correspond. Une agence absente de cette liste n’est pas certifiée IRIS : vérifiez sa licence auprès de l’autorité qui la délivre avant de payer quoi que ce soit.',
    truncated: 'D’autres agences correspondent : tapez davantage du nom ou du numéro de licence.',
    tooShort: 'Tapez au moins 2 lettres ou chiffres.',
    licence: 'Licence',
    authority: 'Autorité de délivrance',
    certificate: 'Certificat',
    validUntil: 'Valable jusqu’au',
    expiredOn: 'Expiré le',
    licenceExpiredOn: 'Licence expirée le',
    licenceExpiredNote:
      'Sa licence de recrutement a expiré : elle ne peut pas recruter légalement tant que l’autorité qui la délivre ne l’a pas renouvelée. Ne payez et ne signez rien.',
    since: 'Depuis le',
    reason: 'Motif',
    corridors: 'Recrute de → vers',
    status: {
      certified: 'Certifiée',
      expired: 'Certificat expiré',
      suspended: 'Suspendue',
      withdrawn: 'Certificat retiré',
      in_progress: 'Pas encore certifiée (en évaluation)',
      not_certified: 'Non certifiée',
    },
    explain: {
      certified: 'Cette agence est certifiée : elle s’est engagée à ne faire payer aucun frais aux travailleurs.',
      expired: 'Le certificat n’est plus valable.',
      suspended: 'Le certificat est suspendu : soyez prudent et signalez tout frais demandé.',
      withdrawn: 'Le certificat a été retiré.',
      in_progress: 'L’agence a fait une demande ; elle n’est pas encore certifiée.',
      not_certified: 'Cette agence n’est pas certifiée.',
    },
  },
  es: {
    title: 'Verificar una agencia de contratación',
    intro: 'Antes de pagar o firmar nada, compruebe que la agencia está certificada en contratación ética (IRIS).',
    label: 'Nombre de la agencia o número de licencia',
    hint: 'Al menos 2 letras o cifras. No importan las tildes ni las mayúsculas.',
    search: 'Verificar',
    results: 'Resultados',
    none: 'Ninguna agencia coincide. Una agencia que no figura aquí no está certificada por IRIS: compruebe su licencia con la autoridad que la otorga antes de pagar nada.',
    truncated: 'Coinciden más agencias: escriba más del nombre o del número de licencia.',
    tooShort: 'Escriba al menos 2 letras o cifras.',
    licence: 'Licencia',
    authority: 'Autoridad que otorga la licencia',
    certificate: 'Certificado',
    validUntil: 'Válido hasta',
    expiredOn: 'Venció el',
    licenceExpiredOn: 'Licencia vencida el',
    licenceExpiredNote:
      'Su licencia de reclutamiento ha vencido: no puede reclutar legalmente hasta que la autoridad que la expide la renueve. No pague ni firme nada.',
    since: 'Desde',
    reason: 'Motivo',
    corridors: 'Contrata de → a',
    status: {
      certified: 'Certificada',
      expired: 'Certificado vencido',
      suspended: 'Suspendida',
      withdrawn: 'Certificado retirado',
      in_progress: 'Aún no certificada (en evaluación)',
      not_certified: 'No certificada',
    },
    explain: {
      certified: 'Esta agencia está certificada: se ha comprometido a no cobrar nada a los trabajadores.',
      expired: 'El certificado ya no es válido.',
      suspended: 'El certificado está suspendido: tenga cuidado y denuncie cualquier cobro que le pidan.',
      withdrawn: 'El certificado fue retirado.',
      in_progress: 'La agencia lo ha solicitado; aún no está certificada.',
      not_certified: 'Esta agencia no está certificada.',
    },
  },
  ar: {
    title: 'تحقق من وكالة التوظيف',
    intro: 'قبل أن تدفع أو توقّع أي شيء، تأكد من أن الوكالة معتمدة للتوظيف الأخلاقي (IRIS).',
    label: 'اسم الوكالة أو رقم الترخيص',
    hint: 'حرفان أو رقمان على الأقل. لا تهم الحركات ولا الأحرف الكبيرة.',
    search: 'تحقق',
    results: 'النتائج',
    none: 'لا توجد وكالة مطابقة. الوكالة غير المدرجة هنا ليست معتمدة من IRIS: تحقق من ترخيصها لدى الجهة المانحة قبل أن تدفع أي شيء.',
    truncated: 'توجد وكالات أخرى مطابقة: اكتب جزءًا أطول من الاسم أو رقم الترخيص.',
    tooShort: 'اكتب حرفين أو رقمين على الأقل.',
    licence: 'الترخيص',
    authority: 'الجهة المانحة للترخيص',
    certificate: 'الشهادة',
    validUntil: 'صالحة حتى',
    expiredOn: 'انتهت في',
    licenceExpiredOn: 'انتهت صلاحية الترخيص في',
    licenceExpiredNote:
      'انتهت صلاحية ترخيص التوظيف الخاص بها: لا يجوز لها التوظيف قانونيًا حتى تجدده الجهة المختصة. لا تدفع أي مبلغ ولا توقّع على أي شيء.',
    since: 'منذ',
    reason: 'السبب',
    corridors: 'توظّف من ← إلى',
    status: {
      certified: 'معتمدة',
      expired: 'انتهت صلاحية الشهادة',
      suspended: 'معلّقة',
      withdrawn: 'سُحبت الشهادة',
      in_progress: 'غير معتمدة بعد (قيد التقييم)',
      not_certified: 'غير معتمدة',
    },
    explain: {
      certified: 'هذه الوكالة معتمدة: التزمت بعدم تحصيل أي رسوم من العمال.',
      expired: 'الشهادة لم تعد سارية.',
      suspended: 'الشهادة معلّقة: كن حذرًا وأبلغ عن أي رسوم يُطلب منك دفعها.',
      withdrawn: 'سُحبت الشهادة.',
      in_progress: 'تقدمت الوكالة بطلب؛ لم تُعتمد بعد.',
      not_certified: 'هذه الوكالة غير معتمدة.',
    },
  },
};

const TONE: Record<PublicStatus, 'ok' | 'warn' | 'bad' | 'none'> = {
  certified: 'ok',
  expired: 'warn',
  suspended: 'bad',
  withdrawn: 'bad',
  in_progress: 'none',
  not_certified: 'none',
};

const dateFormats = new Map<Lang, Intl.DateTimeFormat>();
function formatDate(lang: Lang, iso: string): string {
  let f = dateFormats.get(lang);
  if (!f) {
    // Arabic with Latin digits (ar-u-nu-latn) so dates read the same as the licence and certificate numbers.
    f = new Intl.DateTimeFormat(lang === 'ar' ? 'ar-u-nu-latn' : lang, { dateStyle: 'long', timeZone: 'UTC' });
    dateFormats.set(lang, f);
  }
  return f.format(new Date(iso));
}

function employerPays(lang: Lang): SafeHtml {
  const e = EMPLOYER_PAYS[lang];
  return html`<section class="notice" aria-labelledby="epp"><h2 id="epp">${e.title}</h2><p>${e.intro}</p><ul>${e.items.map(
    (i) => html`<li>${i}</li>`,
  )}</ul><p><strong>${e.outro}</strong></p></section>`;
}

const Query = PublicPageQuery.extend({ q: z.string().max(200).optional() });

export const recruiterPublicPage = defineRoute({
  method: 'GET',
  url: '/public/recruiters',
  operationId: 'publicRecruitersPage',
  summary: 'Public recruiter check (HTML)',
  tags: ['public'],
  policy: recruitmentPolicies.publicLookup,
  query: Query,
  errors: ['rate_limited'],
  response: { status: 200, schema: null, description: 'An HTML page.' },
  handler: (ctx) =>
    publicPage(ctx, '/public/recruiters', async (lang) => {
      const t = TEXT[lang];
      const q = (ctx.query.q ?? '').trim();
      // The form was sent (q is in the address, even empty): fewer than 2 letters or digits is said in the page's
      // language (the form has novalidate, so the browser's bubble, in the browser's language, never stands in).
      const tooShort = ctx.query.q !== undefined && q.replace(/[^\p{L}\p{N}]/gu, '').length < 2;
      let results: SafeHtml | null = null;
      if (tooShort) results = html`<p class="notice warn" role="alert" id="q-problem">${t.tooShort}</p>`;
      else if (q) {
        const found = await publicLookup(ctx.db, q, ctx.now);
        if (found.items.length === 0) results = html`<p class="notice warn" role="status">${t.none}</p>`;
        else
          results = html`<h2 id="results">${t.results}</h2>
<ul class="results" aria-labelledby="results">${found.items.map((r) => {
            const tone = TONE[r.status];
            // Names, authorities and reasons are as recorded, often Latin in an Arabic page: each is isolated
            // (<bdi>), so its brackets and words keep their order inside right-to-left text.
            return html`<li class="card"><h3><bdi>${r.name}</bdi></h3>
<p><span class="status ${tone}" data-status="${r.status}">${t.status[r.status]}</span></p>
<p>${t.explain[r.status]}</p>
${r.licenceExpired ? html`<p class="notice warn" data-licence="expired">${t.licenceExpiredNote}</p>` : null}
<dl>
<dt>${t.licence}</dt><dd><span dir="ltr">${r.licenceNumber}</span> (${countryName(r.licenceCountry, lang)})</dd>
<dt>${t.authority}</dt><dd><bdi>${r.licensingAuthority}</bdi></dd>
${r.licenceExpired && r.licenceExpiresOn ? html`<dt>${t.licenceExpiredOn}</dt><dd>${formatDate(lang, r.licenceExpiresOn)}</dd>` : null}
${r.certificateNumber ? html`<dt>${t.certificate}</dt><dd dir="ltr">${r.certificateNumber}</dd>` : null}
${
  r.certificateExpiresAt && (r.status === 'certified' || r.status === 'suspended')
    ? html`<dt>${t.validUntil}</dt><dd>${formatDate(lang, r.certificateExpiresAt)}</dd>`
    : null
}
${r.certificateExpiresAt && r.status === 'expired' ? html`<dt>${t.expiredOn}</dt><dd>${formatDate(lang, r.certificateExpiresAt)}</dd>` : null}
${
  r.statusReason
    ? html`<dt>${t.reason}</dt><dd><bdi>${r.statusReason}</bdi></dd>${r.statusSince ? html`<dt>${t.since}</dt><dd>${formatDate(lang, r.statusSince)}</dd>` : null}`
    : null
}
${r.corridors.length ? html`<dt>${t.corridors}</dt><dd>${r.corridors.map((c) => `${countryName(c.origin, lang)} ${arrowOf(lang)} ${countryName(c.destination, lang)}`).join(listSeparatorOf(lang))}</dd>` : null}
</dl></li>`;
          })}</ul>${found.truncated ? html`<p class="hint">${t.truncated}</p>` : null}`;
      }
      return {
        title: t.title,
        current: 'recruiters',
        query: { q: q || undefined },
        main: html`<h1>${t.title}</h1>
<p>${t.intro}</p>
<form class="search" method="get" action="/public/recruiters" role="search" novalidate>
<label for="q">${t.label}</label>
<input id="q" name="q" type="search" value="${q}" maxlength="100" autocomplete="off" required minlength="2"${tooShort ? html` aria-invalid="true" aria-describedby="q-problem"` : null}>
<input type="hidden" name="lang" value="${lang}">
<button type="submit">${t.search}</button>
<p class="hint">${t.hint}</p>
</form>
${results}
${employerPays(lang)}`,
      };
    }),
});
