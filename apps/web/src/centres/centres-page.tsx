import {
  CENTRE_SERVICE_LABELS,
  CENTRE_SERVICES,
  type Centre,
  type CentreService,
  type Locale,
  type Problem,
  WEEKDAYS,
  type Weekday,
} from '@corridor/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, CLIENT_CODES, newIdempotencyKey } from '../api/client.ts';
import { problemOf } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { Link, navigate } from '../app/router.tsx';
import { canUse } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { TextField } from '../components/fields.tsx';
import { CheckField, FieldGroup } from '../components/form-fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus } from '../components/problem-message.tsx';
import { isLanguage } from '../i18n/index.ts';
import { countryName } from '../places/countries.ts';
import { CountrySelect } from '../places/country-fields.tsx';
import { PcodeField } from '../places/pcode-field.tsx';
import { type CentreFieldWords, centreIssues } from './centre-fields.ts';

/** A service's name in the interface language. */
export function serviceLabel(service: string, lng: string): string {
  const labels = CENTRE_SERVICE_LABELS[service as CentreService];
  return labels ? labels[(isLanguage(lng) ? lng : 'en') as Locale] : service;
}

type ServiceDraft = { on: boolean; slotMinutes: string; seatsPerSlot: string };
type Period = [string, string];

/** A new centre's hours until changed: Monday to Thursday, 08:00 to 14:00. */
const NEW_HOURS: Record<Weekday, Period[]> = {
  mon: [['08:00', '14:00']],
  tue: [['08:00', '14:00']],
  wed: [['08:00', '14:00']],
  thu: [['08:00', '14:00']],
  fri: [],
  sat: [],
  sun: [],
};

const hoursDraft = (c: Centre | undefined): Record<Weekday, Period[]> =>
  c
    ? (Object.fromEntries(WEEKDAYS.map((d) => [d, (c.openingHours[d] ?? []).map(([a, b]) => [a, b])])) as Record<
        Weekday,
        Period[]
      >)
    : NEW_HOURS;

const servicesDraft = (c: Centre | undefined): Record<CentreService, ServiceDraft> =>
  Object.fromEntries(
    CENTRE_SERVICES.map((s) => {
      const offer = c?.services.find((x) => x.service === s);
      return [
        s,
        offer
          ? { on: true, slotMinutes: String(offer.slotMinutes), seatsPerSlot: String(offer.seatsPerSlot) }
          : { on: false, slotMinutes: '30', seatsPerSlot: '2' },
      ];
    }),
  ) as Record<CentreService, ServiceDraft>;

/**
 * The form of a centre (supervisors and administrators): a new one, or `centre`'s details, weekly opening hours (one
 * or more periods a day; a day without any is closed) and services, replaced as a whole (If-Match `etag`). A problem's
 * issues name their fields in the page's language (centre-fields.ts), never by the body's own names. A centre changed
 * meanwhile (412) is said plainly and handed to `onConflict` (the page reloads the centre and opens the form afresh on
 * it, with `problem` the same words, so the person sees the latest and can try again).
 */
export function CentreForm({
  centre,
  etag,
  problem: shown = null,
  onSaved,
  onConflict,
  onClose,
}: {
  centre?: Centre;
  etag?: string | null;
  problem?: Problem | null;
  onSaved: (saved: Centre, etag: string | null) => void;
  onConflict?: (problem: Problem) => void;
  onClose?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [name, setName] = useState(centre?.name ?? '');
  const [country, setCountry] = useState(centre?.country ?? '');
  const [pcode, setPcode] = useState(centre?.pcode ?? '');
  const [address, setAddress] = useState(centre?.address ?? '');
  const [timeZone, setTimeZone] = useState(centre?.timeZone ?? '');
  const [hours, setHours] = useState(() => hoursDraft(centre));
  const [services, setServices] = useState(() => servicesDraft(centre));
  const [publicBooking, setPublicBooking] = useState(centre?.publicBooking ?? true);
  const [active, setActive] = useState(centre?.active ?? true);
  const [problem, setProblem] = useState<Problem | null>(shown);
  // The services as last sent, in that order: an issue at /services/1 is about the second of them.
  const [sent, setSent] = useState<CentreService[]>([]);
  const [key] = useState(newIdempotencyKey);
  const setPeriods = (d: Weekday, periods: Period[]) => setHours({ ...hours, [d]: periods });
  const words: CentreFieldWords = {
    field: (f) => t(f === 'openingHours' ? 'centres.hours' : `centres.${f}`),
    weekday: (d) => t(`centres.weekdays.${d}`),
    service: (s) => serviceLabel(s, i18n.language),
    of: (whole, part) => t('centres.fieldOf', { whole, part }),
  };

  const submit = async () => {
    setProblem(null);
    const offered = CENTRE_SERVICES.filter((s) => services[s].on);
    setSent(offered);
    const body = {
      name,
      country: country.trim().toUpperCase(),
      pcode: pcode.trim() ? pcode.trim().toUpperCase() : null,
      address,
      timeZone: timeZone.trim(),
      openingHours: Object.fromEntries(WEEKDAYS.filter((d) => hours[d].length > 0).map((d) => [d, hours[d]])),
      services: offered.map((s) => ({
        service: s,
        slotMinutes: Number(services[s].slotMinutes),
        seatsPerSlot: Number(services[s].seatsPerSlot),
      })),
      publicBooking,
      active,
    };
    try {
      const r = centre
        ? await api<Centre>('PUT', `/api/centres/${centre.id}`, { body, ifMatch: etag ?? null })
        : await api<Centre>('POST', '/api/centres', { idempotencyKey: key, body });
      onSaved(r.data, r.etag);
    } catch (err) {
      const p = problemOf(err);
      if (err instanceof ApiError && err.status === 412) {
        // Someone else's change won: say so in every language (not the server's detail) and show the latest version.
        const { detail: _server, ...rest } = p;
        const changed = { ...rest, code: CLIENT_CODES.changedMeanwhile };
        setProblem(changed);
        onConflict?.(changed);
      } else setProblem(p);
    }
  };

  return (
    <form
      className="form"
      data-testid="centre-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>{centre ? t('centres.edit') : t('centres.newCentre')}</h2>
      <TextField label={t('centres.name')} name="name" value={name} onChange={setName} required />
      <CountrySelect
        label={t('centres.country')}
        name="country"
        value={country}
        onChange={setCountry}
        emptyLabel={t('common.choose')}
        required
      />
      <PcodeField label={t('centres.pcode')} name="pcode" country={country} value={pcode} onChange={setPcode} />
      <TextField label={t('centres.address')} name="address" value={address} onChange={setAddress} required />
      <TextField
        label={t('centres.timeZone')}
        hint={t('centres.timeZoneHint')}
        name="timeZone"
        value={timeZone}
        onChange={setTimeZone}
        required
        dir="ltr"
      />
      <FieldGroup legend={t('centres.hours')} testId="centre-hours">
        {WEEKDAYS.map((d) => (
          <FieldGroup key={d} legend={t(`centres.weekdays.${d}`)} testId={`hours-${d}`}>
            {hours[d].length === 0 && <p className="muted">{t('centres.closed')}</p>}
            {hours[d].map(([opens, closes], i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a day's periods are edited in place, never reordered
              <div key={i} className="filters">
                <TextField
                  label={t('centres.opens')}
                  name={`opens-${d}-${i}`}
                  type="time"
                  value={opens}
                  onChange={(v) =>
                    setPeriods(
                      d,
                      hours[d].map((p, j) => (j === i ? [v, p[1]] : p)),
                    )
                  }
                  required
                />
                <TextField
                  label={t('centres.closes')}
                  name={`closes-${d}-${i}`}
                  type="time"
                  value={closes}
                  onChange={(v) =>
                    setPeriods(
                      d,
                      hours[d].map((p, j) => (j === i ? [p[0], v] : p)),
                    )
                  }
                  required
                />
                <button
                  type="button"
                  className="button secondary small"
                  data-testid={`remove-period-${d}-${i}`}
                  onClick={() =>
                    setPeriods(
                      d,
                      hours[d].filter((_, j) => j !== i),
                    )
                  }
                >
                  {t('centres.removePeriod')}
                </button>
              </div>
            ))}
            {hours[d].length < 4 && (
              <button
                type="button"
                className="button secondary small"
                data-testid={`add-period-${d}`}
                onClick={() => setPeriods(d, [...hours[d], hours[d].length ? ['14:00', '16:00'] : ['08:00', '14:00']])}
              >
                {t('centres.addPeriod')}
              </button>
            )}
          </FieldGroup>
        ))}
      </FieldGroup>
      <FieldGroup legend={t('centres.services')}>
        {CENTRE_SERVICES.map((s) => (
          <div key={s}>
            <CheckField
              label={serviceLabel(s, i18n.language)}
              name={`service-${s}`}
              checked={services[s].on}
              onChange={(on) => setServices({ ...services, [s]: { ...services[s], on } })}
            />
            {services[s].on && (
              <>
                <TextField
                  label={t('centres.slotMinutes')}
                  name={`slot-${s}`}
                  type="number"
                  min={5}
                  value={services[s].slotMinutes}
                  onChange={(v) => setServices({ ...services, [s]: { ...services[s], slotMinutes: v } })}
                />
                <TextField
                  label={t('centres.seatsPerSlot')}
                  name={`seats-${s}`}
                  type="number"
                  min={1}
                  value={services[s].seatsPerSlot}
                  onChange={(v) => setServices({ ...services, [s]: { ...services[s], seatsPerSlot: v } })}
                />
              </>
            )}
          </div>
        ))}
      </FieldGroup>
      <CheckField
        label={t('centres.publicBooking')}
        name="publicBooking"
        checked={publicBooking}
        onChange={setPublicBooking}
      />
      {centre && <CheckField label={t('centres.active')} name="active" checked={active} onChange={setActive} />}
      <FormStatus problem={problem} rest={centreIssues(problem, sent, words)} />
      <div className="form-actions">
        <button type="submit" className="button primary" data-testid={centre ? 'centre-save' : 'centre-create'}>
          {centre ? t('centres.save') : t('centres.create')}
        </button>
        {onClose && (
          <button type="button" className="button secondary" onClick={onClose}>
            {t('centres.keep')}
          </button>
        )}
      </div>
    </form>
  );
}

/** The centres of the caller's organisation; supervisors and administrators create new ones here. */
export function CentresPage() {
  const { t, i18n } = useTranslation();
  const { user } = useSignedIn();
  const list = useResource<{ items: Centre[] }>('/api/centres');
  const [adding, setAdding] = useState(false);
  return (
    <>
      <PageHeading title={t('centres.title')} testId="centres-title">
        {t('centres.title')}
      </PageHeading>
      <p className="lead">{t('centres.intro')}</p>
      {list.status === 'error' && <FormStatus problem={list.problem} />}
      {!list.data && list.status === 'loading' && <Loading />}
      {list.data && list.data.items.length === 0 && <p>{t('centres.empty')}</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table data-testid="centre-list">
            <thead>
              <tr>
                <th scope="col">{t('centres.name')}</th>
                <th scope="col">{t('centres.address')}</th>
                <th scope="col">{t('centres.services')}</th>
                <th scope="col">{t('centres.active')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((c) => (
                <tr key={c.id} data-testid="centre-row">
                  <td>
                    <Link to={`/centres/${c.id}`}>
                      <bdi>{c.name}</bdi>
                    </Link>{' '}
                    <span className="badge muted-badge">{countryName(c.country, i18n.language)}</span>
                  </td>
                  <td>
                    <bdi>{c.address}</bdi>
                  </td>
                  <td>
                    <ul className="plain-list">
                      {c.services.map((s) => (
                        <li key={s.service}>
                          {serviceLabel(s.service, i18n.language)} —{' '}
                          {t('centres.dailyCapacity', { count: s.dailyCapacity })}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    <span className={c.active ? 'badge ok-badge' : 'badge muted-badge'}>
                      {c.active ? t('centres.active') : t('centres.inactive')}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canUse(user.roles, 'centresManage') &&
        (adding ? (
          <CentreForm onSaved={(c) => navigate(`/centres/${c.id}`)} onClose={() => setAdding(false)} />
        ) : (
          <div className="form-actions">
            <button type="button" className="button secondary" data-testid="centre-new" onClick={() => setAdding(true)}>
              {t('centres.newCentre')}
            </button>
          </div>
        ))}
    </>
  );
}
