// Issue 5, item 6: the seed's trafficking figures reproduced from a generated caseload — 5,323 victims assisted,
// 63% forced labour, 15% sexual exploitation, 14% unaccompanied minors — stated correctly by the annual report in
// JSON and HTML (English and Arabic), with disclosure control applied (small cells suppressed, with complementary
// suppression in additive tables), coverage notes and provenance. Also the dashboard table, its chart and exports.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import {
  buildOrganisation,
  buildUser,
  engines,
  type SessionAuth,
  signIn,
  startTestApp,
  type TestApp,
} from '../../../test/harness.ts';
import { evidenceAfterBulkInsert } from '../maintain.ts';
import type { ReportData } from './report-data.ts';
import { SEED_CASELOAD, writeCaseload } from './synthetic.ts';

const YEAR = 2025;
const SDG_SAMPLE = new URL('../../../../../../shared/data/samples/sdg-10c1.sdmx.csv', import.meta.url);
const HEX64 = /^[0-9a-f]{64}$/;
// Bidi marks Intl may put around digits and signs in Arabic.
const plain = (s: string) => s.replace(/[\u061c\u200e\u200f\u2066-\u2069]/g, '');

for (const { engine, skip } of engines()) {
  describe(`annual evidence report reproduces the seed (${engine})`, { skip }, () => {
    let t: TestApp;
    let analyst: SessionAuth;
    let otherAnalyst: SessionAuth;
    let caseworker: SessionAuth;
    let orgId: string;

    before(async () => {
      t = await startTestApp(engine);
      const org = await buildOrganisation(t, { country: 'BGD' });
      const other = await buildOrganisation(t, { country: 'BGD' });
      orgId = org.id;
      const a = await buildUser(t, org.id, ['analyst']);
      analyst = await signIn(t, a);
      otherAnalyst = await signIn(t, await buildUser(t, other.id, ['analyst']));
      caseworker = await signIn(t, await buildUser(t, org.id, ['caseworker']));
      const now = t.clock.now();
      // The generated caseload and its aggregate cells in one transaction, as the import path does.
      await t.deps.database.db.transaction().execute(async (trx) => {
        const ids = await writeCaseload(trx, { organisationId: org.id, userId: a.id, year: YEAR, ...SEED_CASELOAD });
        await evidenceAfterBulkInsert(trx, ids, now);
      });
    });
    after(async () => t?.close());

    const report = async (auth: SessionAuth, body: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/api/evidence/reports/annual', headers: auth.headers, payload: body });

    test('JSON states the seed’s figures, with provenance on every one', async () => {
      const res = await report(analyst, { year: YEAR, format: 'json' });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-disposition']), /annual-evidence-report-2025-en\.json/);
      const r = res.json() as ReportData;
      const fig = (id: string) => r.headline.find((f) => f.id === id)!;
      assert.equal(fig('victims-assisted').value, 5323);
      assert.equal(fig('victims-forced-labour-share').value, 63);
      assert.equal(fig('victims-sexual-exploitation-share').value, 15);
      assert.equal(fig('victims-unaccompanied-minors-share').value, 14);
      assert.equal(fig('people-assisted').value, SEED_CASELOAD.victims + SEED_CASELOAD.protection);
      // Coverage: the people without a statistics basis are left out, and the report says how many.
      assert.equal(r.coverage.excludedNoStatisticalBasis, SEED_CASELOAD.withoutBasis);
      assert.equal(r.coverage.thresholds.sensitive, 11);
      for (const f of [...r.headline, ...r.breakdowns]) {
        const p = f.provenance;
        assert.match(p.definitionDigest, HEX64);
        assert.match(p.inputDigest, HEX64);
        assert.ok(!Number.isNaN(Date.parse(p.dataAsOf)), `${f.id} has a data-as-of time`);
        assert.ok(
          r.indicators.some((i) => i.id === p.indicatorId),
          `${f.id} names a listed indicator`,
        );
      }
      assert.match(r.digest, HEX64);
      // Every agenda point has its section; trafficking figures sit under point 3.
      assert.deepEqual(
        r.sections.map((s) => s.point),
        [1, 2, 3, 4, 5, 6, 7, 8],
      );
      assert.ok(r.sections.find((s) => s.point === 3)!.figures.includes('victims-forced-labour-share'));
      // Another organisation's report holds none of these people.
      const theirs = (await report(otherAnalyst, { year: YEAR, format: 'json' })).json() as ReportData;
      assert.equal(theirs.headline.find((f) => f.id === 'victims-assisted')!.value, 0);
    });

    test('disclosure control: no published cell below the threshold, small cells suppressed and not derivable', async () => {
      const r = (await report(analyst, { year: YEAR, format: 'json' })).json() as ReportData;
      const forms = r.breakdowns.find((b) => b.id === 'victims-by-exploitation')!;
      const organ = forms.cells.find((c) => c.key === 'OrganRemoval')!;
      assert.equal(organ.value, null, 'organ removal (4 victims) is below 11');
      assert.equal(organ.suppressed, true);
      assert.equal(forms.cells.find((c) => c.key === 'ForcedLabour')!.value, SEED_CASELOAD.forcedLabour);
      assert.equal(forms.cells.find((c) => c.key === 'SexualExploitation')!.value, SEED_CASELOAD.sexualExploitation);
      for (const b of r.breakdowns.filter((x) => x.unit === 'people')) {
        const threshold = b.indicatorId.startsWith('trafficking') ? 11 : 5;
        for (const c of b.cells)
          assert.ok(c.value === null || c.value === 0 || c.value >= threshold, `${b.id}/${c.key} = ${c.value}`);
      }
      // Sex is additive: the 3 people of sex 'other' are suppressed, and so is at least one more cell of the line,
      // so the total minus the published cells never gives them.
      const sex = r.breakdowns.find((b) => b.id === 'people-assisted-by-sex')!;
      assert.equal(sex.cells.find((c) => c.key === 'other')!.value, null);
      assert.ok(sex.cells.filter((c) => c.value === null).length >= 2, JSON.stringify(sex.cells));
      assert.ok(r.coverage.suppressedCells >= 3);
    });

    test('HTML in English and Arabic (right to left) states the figures, with charts and provenance', async () => {
      const en = await report(analyst, { year: YEAR, format: 'html', language: 'en' });
      assert.equal(en.statusCode, 200);
      assert.match(String(en.headers['content-type']), /text\/html/);
      assert.match(en.body, /<html lang="en" dir="ltr">/);
      for (const s of ['5,323', '63%', '15%', '14%', 'Victims of trafficking assisted', 'forced labour'])
        assert.ok(en.body.includes(s), `English report says ${s}`);
      assert.match(en.body, /<svg[^>]+role="img"/);
      assert.match(en.body, /data-pcode="BD10"/);
      assert.equal((en.body.match(/data-agenda-point="/g) ?? []).length, 8);
      assert.match(en.body, /id="prov-1"/);
      assert.ok(!en.body.includes('Synthetic'), 'no name of a person in the report');

      const ar = await report(analyst, { year: YEAR, format: 'html', language: 'ar' });
      assert.match(ar.body, /<html lang="ar" dir="rtl">/);
      const text = plain(ar.body);
      for (const s of ['5,323', '63%', '15%', '14%', 'ضحايا الاتجار بالبشر الذين تلقوا المساعدة', 'العمل القسري'])
        assert.ok(text.includes(s), `Arabic report says ${s}`);
      assert.match(ar.body, /direction="rtl"/);
    });

    test('PDF through the system chromium', {
      skip: fs.existsSync('/usr/bin/chromium') ? false : 'no chromium',
    }, async () => {
      const pdf = await report(analyst, { year: YEAR, format: 'pdf', language: 'ar' });
      assert.equal(pdf.statusCode, 200, pdf.body.slice(0, 300));
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    });

    test('the inputs digest is reproducible: the same data gives the same digests', async () => {
      const a = (await report(analyst, { year: YEAR, format: 'json' })).json() as ReportData;
      t.clock.advance(60_000);
      const b = (await report(analyst, { year: YEAR, format: 'json' })).json() as ReportData;
      assert.notEqual(a.generatedAt, b.generatedAt);
      assert.deepEqual(
        a.headline.map((f) => f.provenance.inputDigest),
        b.headline.map((f) => f.provenance.inputDigest),
      );
    });

    test('who may produce it: analysts yes, caseworkers no, the platform only for platform administrators', async () => {
      assert.equal((await report(caseworker, { year: YEAR, format: 'json' })).statusCode, 403);
      const platform = await report(analyst, { year: YEAR, format: 'json', scope: 'platform' });
      assert.equal(platform.statusCode, 403);
      assert.equal(platform.json().code, 'forbidden');
      const anon = await t.app.inject({
        method: 'POST',
        url: '/api/evidence/reports/annual',
        payload: { year: YEAR, format: 'json' },
      });
      assert.equal(anon.statusCode, 401);
      const bad = await report(analyst, { year: 1999, format: 'docx', language: 'de' });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(
        bad
          .json()
          .errors.map((e: { pointer: string }) => e.pointer)
          .sort(),
        ['/format', '/language', '/year'],
      );
      // A year to come has no figures: refused at the year (rule not_future), in every format; the current one is not.
      const thisYear = t.clock.now().getUTCFullYear();
      for (const [year, format] of [
        [2099, 'json'],
        [thisYear + 1, 'html'],
      ] as const) {
        const future = await report(analyst, { year, format });
        assert.equal(future.statusCode, 400, future.body);
        assert.equal(future.json().code, 'validation_failed');
        assert.deepEqual(
          future.json().errors.map((e: { pointer: string; params?: unknown }) => [e.pointer, e.params]),
          [['/year', { rule: 'not_future' }]],
        );
      }
      assert.equal((await report(analyst, { year: thisYear, format: 'json' })).statusCode, 200);
      const audit = await t.deps.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'evidence.annual_report')
        .where('organisation_id', '=', orgId)
        .execute();
      assert.ok(audit.length >= 4, 'every report produced is audited');
    });

    test('a person may produce 120 files an hour; beyond, 429 rate_limited', async () => {
      const u = await buildUser(t, orgId, ['analyst']);
      const auth = await signIn(t, u);
      await t.deps.database.db
        .insertInto('rate_limits')
        .values({ bucket: `evidence-files:${u.id}`, window_start: t.clock.now().toISOString(), hits: 120 })
        .execute();
      const res = await report(auth, { year: YEAR, format: 'json' });
      assert.equal(res.statusCode, 429, res.body);
      assert.equal(res.json().code, 'rate_limited');
      // The window ends an hour after it started (moved back here rather than the clock, which would end sessions).
      await t.deps.database.db
        .updateTable('rate_limits')
        .set({ window_start: new Date(t.clock.now().getTime() - 3_600_001).toISOString() })
        .where('bucket', '=', `evidence-files:${u.id}`)
        .execute();
      assert.equal((await report(auth, { year: YEAR, format: 'json' })).statusCode, 200);
    });

    test('dashboard table: published cells, labels, and a server-drawn chart and map', async () => {
      const get = (q: string, auth = analyst) =>
        t.app.inject({ method: 'GET', url: `/api/evidence/dashboard/table?${q}`, headers: auth.headers });
      const res = await get(
        `indicator=trafficking_victims_assisted&grain=year&from=${YEAR}&to=${YEAR}&by=exploitation_type&chart=bars&language=fr`,
      );
      assert.equal(res.statusCode, 200, res.body);
      const table = res.json();
      const cell = (v: string) =>
        table.cells.find((c: { values: Record<string, string> }) => c.values.exploitation_type === v);
      assert.equal(cell('ForcedLabour').value, SEED_CASELOAD.forcedLabour);
      assert.equal(cell('*').value, SEED_CASELOAD.victims);
      assert.equal(cell('OrganRemoval').value, null);
      assert.equal(table.labels.exploitation_type.ForcedLabour, 'Travail forcé');
      assert.match(table.chart, /^<svg/);
      assert.match(table.chart, /Travail forcé/);
      const map = (
        await get(`indicator=beneficiaries_assisted&grain=year&from=${YEAR}&to=${YEAR}&by=pcode&chart=map`)
      ).json();
      assert.match(map.chart, /data-pcode="BD30"/);
      // From the middle of the year before, when nothing was counted.
      const series = await get(
        `indicator=beneficiaries_assisted&grain=month&from=${YEAR - 1}-07&to=${YEAR}-12&chart=series`,
      );
      assert.match(series.json().chart, /<polyline/);
      // Periods by name, in the table and on the chart's axis.
      assert.equal(series.json().periodLabels[`${YEAR}-12`], `Dec ${YEAR}`);
      assert.match(series.json().chart, new RegExp(`>Dec ${YEAR}</text>`));
      assert.doesNotMatch(series.json().chart, new RegExp(`>${YEAR}-12<`));
      const quarters = (
        await get(`indicator=beneficiaries_assisted&grain=quarter&from=${YEAR}-Q1&to=${YEAR}-Q2&language=es`)
      ).json();
      assert.deepEqual(quarters.periodLabels, { [`${YEAR}-Q1`]: `ene–mar ${YEAR}`, [`${YEAR}-Q2`]: `abr–jun ${YEAR}` });
      // A month in which nothing was counted is drawn at 0, not as a month without data.
      assert.doesNotMatch(series.json().chart, /: (no data|pas de données|sin datos|لا توجد بيانات)<\/title>/);
      const wrong = await get(
        `indicator=trafficking_victims_assisted&grain=year&from=${YEAR}&to=${YEAR}&by=service_type`,
      );
      assert.equal(wrong.statusCode, 400);
      assert.equal((await get('indicator=nope&grain=year&from=2025&to=2025')).statusCode, 404);
      assert.equal(
        (await get(`indicator=cases_opened&grain=year&from=${YEAR}&to=${YEAR}`, caseworker)).statusCode,
        403,
      );
    });

    test('fresh: closing cases through the API changes the published figure at once', async () => {
      const closed = async () => {
        const res = await t.app.inject({
          method: 'GET',
          url: '/api/evidence/dashboard/table?indicator=cases_closed&grain=year&from=2026&to=2026',
          headers: analyst.headers,
        });
        assert.equal(res.statusCode, 200, res.body);
        return res.json().cells.find((c: { values: Record<string, string> }) => Object.keys(c.values).length === 0)
          ?.value as number | null | undefined;
      };
      assert.equal(await closed(), undefined, 'nothing closed yet');
      const supervisor = await signIn(t, await buildUser(t, orgId, ['supervisor']));
      const list = await t.app.inject({
        method: 'GET',
        url: '/api/cases?type=protection&limit=5',
        headers: caseworker.headers,
      });
      assert.equal(list.statusCode, 200, list.body);
      const ids = list.json().items.map((c: { id: string }) => c.id) as string[];
      assert.equal(ids.length, 5);
      for (const id of ids) {
        const read = (auth: SessionAuth) =>
          t.app.inject({ method: 'GET', url: `/api/cases/${id}`, headers: auth.headers });
        const asked = await t.app.inject({
          method: 'POST',
          url: `/api/cases/${id}/closure-request`,
          headers: { ...caseworker.headers, 'if-match': String((await read(caseworker)).headers.etag) },
          payload: { reason: 'Assistance completed.', referred: false },
        });
        assert.equal(asked.statusCode, 200, asked.body);
        const approved = await t.app.inject({
          method: 'POST',
          url: `/api/cases/${id}/closure-decision`,
          headers: { ...supervisor.headers, 'if-match': String((await read(supervisor)).headers.etag) },
          payload: { decision: 'approve', reason: null },
        });
        assert.equal(approved.statusCode, 200, approved.body);
      }
      assert.equal(await closed(), 5, 'the five closures are counted the moment they are approved');
    });

    test('exports: CSV, XLSX, HXL-tagged CSV and SDMX-CSV carry only published values (audited)', async () => {
      const exp = (format: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/evidence/exports',
          headers: analyst.headers,
          payload: {
            indicator: 'trafficking_victims_assisted',
            grain: 'year',
            from: String(YEAR),
            to: String(YEAR),
            by: ['exploitation_type'],
            format,
          },
        });
      const csv = await exp('csv');
      assert.equal(csv.statusCode, 200, csv.body);
      const lines = csv.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/);
      // Headers and labels in the request's language (English here); the code columns keep the codes.
      assert.equal(lines[0], 'Indicator,Period,Form of exploitation (code),Form of exploitation,Value,Status');
      assert.ok(lines.includes(`trafficking_victims_assisted,${YEAR},ForcedLabour,Forced labour,3353,published`));
      assert.ok(
        lines.some((l) => l.startsWith(`trafficking_victims_assisted,${YEAR},OrganRemoval,Organ removal,,suppressed`)),
      );

      const hxl = (await exp('hxl')).body.replace(/^\uFEFF/, '').split(/\r?\n/);
      assert.equal(
        hxl[1],
        '#indicator+code,#date,#cause+type,#cause+type+name,#indicator+value+num,#status+disclosure',
      );

      // SDG 16.2.2 in the SDG data structure (the sample's columns): series by form, REF_AREA the organisation's
      // country (Bangladesh, M49 50); the withheld form has no value; forms the structure has no series for are out.
      const sdmx = (await exp('sdmx')).body.trim().split('\n');
      const sample = fs.readFileSync(SDG_SAMPLE, 'utf8').split(/\r?\n/)[0];
      assert.equal(sdmx[0], sample);
      const sdg = (series: string, value: string, status: string) =>
        `IAEG-SDGs:DF_SDG_GLH(1.26),A,N,${series},50,_T,_T,_T,_T,_T,_T,_T,_T,_T,_T,_T,${YEAR},${value},NUMBER,0,C,${status}`;
      assert.ok(sdmx.includes(sdg('VC_HTF_DETV', '5323', 'A')), sdmx.join('\n'));
      assert.ok(sdmx.includes(sdg('VC_HTF_DETVFL', '3353', 'A')));
      assert.ok(sdmx.includes(sdg('VC_HTF_DETVOG', '', 'M')));
      assert.ok(!sdmx.some((l) => l.includes('OrganRemoval') || l.includes('ForcedBegging')));
      // A range the export cannot take is reported at the body's field (the question came in the body).
      const backwards = await t.app.inject({
        method: 'POST',
        url: '/api/evidence/exports',
        headers: analyst.headers,
        payload: { indicator: 'trafficking_victims_assisted', grain: 'year', from: '2027', to: '2020', format: 'csv' },
      });
      assert.equal(backwards.statusCode, 400, backwards.body);
      assert.deepEqual(
        { location: backwards.json().errors[0].location, pointer: backwards.json().errors[0].pointer },
        { location: 'body', pointer: '/to' },
      );
      // A breakdown the SDG structure cannot express (p-code) keeps Corridor's own dataflow.
      const byPlace = await t.app.inject({
        method: 'POST',
        url: '/api/evidence/exports',
        headers: analyst.headers,
        payload: {
          indicator: 'trafficking_victims_assisted',
          grain: 'year',
          from: String(YEAR),
          to: String(YEAR),
          by: ['exploitation_type', 'pcode'],
          format: 'sdmx',
        },
      });
      const corridorFlow = byPlace.body.trim().split('\n');
      assert.equal(
        corridorFlow[0],
        'DATAFLOW,FREQ,INDICATOR,EXPLOITATION_TYPE,PCODE,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS,CONF_STATUS',
      );
      assert.ok(
        corridorFlow.includes(`CORRIDOR:DF_EVIDENCE(1.0),A,TRAFFICKING_VICTIMS_ASSISTED,_T,_T,${YEAR},5323,PEOPLE,A,F`),
      );
      assert.ok(
        corridorFlow.includes(
          `CORRIDOR:DF_EVIDENCE(1.0),A,TRAFFICKING_VICTIMS_ASSISTED,OrganRemoval,_T,${YEAR},,PEOPLE,M,C`,
        ),
      );

      const xlsx = await exp('xlsx');
      assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');
      const audits = await t.deps.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'evidence.export')
        .execute();
      assert.equal(audits.length, 5);
    });

    test('exports speak the caller’s language (the `language` field, else Accept-Language); machine headers do not change', async () => {
      const exp = (format: string, extra: Record<string, unknown>, headers: Record<string, string> = {}) =>
        t.app.inject({
          method: 'POST',
          url: '/api/evidence/exports',
          headers: { ...analyst.headers, ...headers },
          payload: {
            indicator: 'trafficking_victims_assisted',
            grain: 'year',
            from: String(YEAR),
            to: String(YEAR),
            by: ['exploitation_type'],
            format,
            ...extra,
          },
        });
      const linesOf = (body: string) =>
        body
          .replace(/^\uFEFF/, '')
          .trim()
          .split(/\r?\n/);
      const fr = linesOf((await exp('csv', { language: 'fr' })).body);
      assert.equal(fr[0], 'Indicateur,Période,Forme d’exploitation (code),Forme d’exploitation,Valeur,Statut');
      assert.ok(
        fr.includes(`trafficking_victims_assisted,${YEAR},ForcedLabour,Travail forcé,3353,publié`),
        fr.join('\n'),
      );
      assert.ok(fr.some((l) => l.startsWith(`trafficking_victims_assisted,${YEAR},total,Total,5323,publié`)));
      assert.ok(fr.some((l) => l.includes(',OrganRemoval,Prélèvement d’organes,,masqué (sous le seuil)')));
      // Accept-Language when the body names no language; the language field wins over it.
      const es = linesOf((await exp('csv', {}, { 'accept-language': 'es-MX,es;q=0.9,en;q=0.5' })).body);
      assert.equal(es[0], 'Indicador,Período,Forma de explotación (código),Forma de explotación,Valor,Estado');
      const en = linesOf((await exp('csv', { language: 'en' }, { 'accept-language': 'es' })).body);
      assert.equal(en[0], 'Indicator,Period,Form of exploitation (code),Form of exploitation,Value,Status');
      // Arabic labels in HXL; the hashtag row is the same in every language.
      const ar = linesOf((await exp('hxl', { language: 'ar' })).body);
      assert.equal(ar[0], 'المؤشر,الفترة,شكل الاستغلال (الرمز),شكل الاستغلال,القيمة,الحالة');
      assert.equal(ar[1], '#indicator+code,#date,#cause+type,#cause+type+name,#indicator+value+num,#status+disclosure');
      assert.ok(ar.some((l) => l.includes(',ForcedLabour,العمل القسري,3353,منشور')));
      // SDMX-CSV is the same bytes in every language.
      const sdmxFr = (await exp('sdmx', { language: 'fr' })).body;
      const sdmxAr = (await exp('sdmx', { language: 'ar' })).body;
      assert.equal(sdmxFr, sdmxAr);
      assert.ok(sdmxFr.startsWith('DATAFLOW,FREQ,REPORTING_TYPE,SERIES,REF_AREA,SEX,AGE'));
      // A language outside the four is refused, with the field named.
      const bad = await exp('csv', { language: 'de' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /language/);
      // XLSX headers in French too.
      const xlsx = await exp('xlsx', { language: 'fr' });
      const { readTable } = await import('../../imports/tabular.ts');
      const rows = await readTable('xlsx', xlsx.rawPayload, { maxRecords: 100, maxBytes: 10_000_000 });
      assert.deepEqual(rows[0]?.slice(0, 2), ['Indicateur', 'Période']);
    });
  });
}
