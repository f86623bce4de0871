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
import { api, newIdempotencyKey } from '../api/client.ts';
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

/** A service's name in the interface language. */
export function serviceLabel(service: string, lng: string): string {
  const labels = CENTRE_SERVICE_LABELS[service as CentreService];
  return labels ? labels[(isLanguage(lng) ? lng : 'en') as Locale] : service;
}

type ServiceDraft = { on: boolean; slotMinutes: string; seatsPerSlot: string };

/** The form of a new centre (supervisors and administrators). */
function NewCentreForm({ onCreated }: { onCreated: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const [name, setName] = useState('');
  const [country, setCountry] = useState('');
  const [pcode, setPcode] = useState('');
  const [address, setAddress] = useState('');
  const [timeZone, setTimeZone] = useState('');
  const [days, setDays] = useState<Record<Weekday, boolean>>({
    mon: true,
    tue: true,
    wed: true,
    thu: true,
    fri: false,
    sat: false,
    sun: false,
  });
  const [opens, setOpens] = useState('08:00');
  const [closes, setCloses] = useState('14:00');
  const [services, setServices] = useState<Record<CentreService, ServiceDraft>>(
    Object.fromEntries(CENTRE_SERVICES.map((s) => [s, { on: false, slotMinutes: '30', seatsPerSlot: '2' }])) as Record<
      CentreService,
      ServiceDraft
    >,
  );
  const [publicBooking, setPublicBooking] = useState(true);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [key] = useState(newIdempotencyKey);

  const submit = async () => {
    setProblem(null);
    const openingHours = Object.fromEntries(WEEKDAYS.filter((d) => days[d]).map((d) => [d, [[opens, closes]]]));
    try {
      const r = await api<Centre>('POST', '/api/centres', {
        idempotencyKey: key,
        body: {
          name,
          country: country.trim().toUpperCase(),
          pcode: pcode.trim() ? pcode.trim().toUpperCase() : null,
          address,
          timeZone: timeZone.trim(),
          openingHours,
          services: CENTRE_SERVICES.filter((s) => services[s].on).map((s) => ({
            service: s,
            slotMinutes: Number(services[s].slotMinutes),
            seatsPerSlot: Number(services[s].seatsPerSlot),
          })),
          publicBooking,
          active: true,
        },
      });
      onCreated(r.data.id);
    } catch (err) {
      setProblem(problemOf(err));
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
      <h2>{t('centres.newCentre')}</h2>
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
      <FieldGroup legend={t('centres.openingDays')}>
        {WEEKDAYS.map((d) => (
          <CheckField
            key={d}
            label={t(`centres.weekdays.${d}`)}
            name={`day-${d}`}
            checked={days[d]}
            onChange={(on) => setDays({ ...days, [d]: on })}
          />
        ))}
      </FieldGroup>
      <TextField label={t('centres.opens')} name="opens" type="time" value={opens} onChange={setOpens} required />
      <TextField label={t('centres.closes')} name="closes" type="time" value={closes} onChange={setCloses} required />
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
      <FormStatus problem={problem} />
      <div className="form-actions">
        <button type="submit" className="button primary" data-testid="centre-create">
          {t('centres.create')}
        </button>
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
          <NewCentreForm onCreated={(id) => navigate(`/centres/${id}`)} />
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
