import type { Appointment, Centre, Closure, DayView, Problem, Throughput, WEEKDAYS } from '@corridor/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey, query } from '../api/client.ts';
import { type FieldIssue, problemOf, splitIssues } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { canUse } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { downloadExport } from '../grievances/download.ts';
import { formatCalendarDate, formatMinutes, formatNumber, formatPercent } from '../i18n/format.ts';
import { countryName } from '../places/countries.ts';
import { appointmentSteps } from './appointment-actions.ts';
import { CentreProblem } from './centre-problem.tsx';
import { CentreForm, serviceLabel } from './centres-page.tsx';
import { MoveAppointment } from './move-appointment.tsx';
import { THROUGHPUT_MAX_DAYS, throughputRangeProblem } from './throughput-range.ts';

type Weekday = (typeof WEEKDAYS)[number];
const DAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Today's date in the centre's time zone (YYYY-MM-DD). */
function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
}
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The time now, again every half minute while `live` (a slot that begins unlocks its no-show). */
function useNow(live: boolean): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!live) return;
    const timer = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(timer);
  }, [live]);
  return now;
}

/**
 * One appointment of the day view, with the attendance actions its state and its day allow (`today`: the centre's
 * day; `closed`: the centre is closed that day, so nobody is checked in nor marked no-show; otherwise a no-show waits,
 * disabled, for the slot to begin, the hint `noShowHint` saying why), and a booked one's move to another free slot.
 */
function AppointmentItem({
  a,
  canBook,
  today,
  now,
  closed,
  noShowHint,
  onChanged,
  onMoved,
}: {
  a: Appointment;
  canBook: boolean;
  today: string;
  now: number;
  closed: boolean;
  noShowHint: string;
  onChanged: () => void;
  onMoved: (to: { day: string; start: string }) => void;
}) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [moving, setMoving] = useState(false);
  const act = async (path: string) => {
    setProblem(null);
    try {
      await api('POST', `/api/appointments/${a.id}/${path}`);
      onChanged();
    } catch (err) {
      setProblem(problemOf(err));
    }
  };
  const label = { 'check-in': t('centres.checkIn'), 'no-show': t('centres.noShow'), cancel: t('centres.cancel') };
  const actions = appointmentSteps(a, today, now, closed).map((x) => ({
    ...x,
    label: x.step === 'served' ? t('centres.served') : label[x.step],
  }));
  return (
    <li data-testid="appointment" data-status={a.status}>
      <bdi>{a.contactName ?? t('centres.registryPerson')}</bdi>{' '}
      {a.contactPhone && (
        <bdi dir="ltr" className="muted">
          {a.contactPhone}
        </bdi>
      )}{' '}
      <span className={a.status === 'booked' || a.status === 'served' ? 'badge ok-badge' : 'badge muted-badge'}>
        {t(`centres.statuses.${a.status}`)}
      </span>{' '}
      <span className="muted">{t(`centres.channel.${a.channel}`)}</span>
      {canBook &&
        actions.map(({ step, label, disabled }) => (
          <button
            key={step}
            type="button"
            className="button secondary small"
            data-testid={`appointment-${step}`}
            disabled={disabled}
            title={disabled ? t('centres.noShowAfterStart') : undefined}
            aria-describedby={disabled ? noShowHint : undefined}
            onClick={() => void act(step)}
          >
            {label}
          </button>
        ))}
      {canBook && a.status === 'booked' && !moving && (
        <button
          type="button"
          className="button secondary small"
          data-testid="appointment-move"
          onClick={() => setMoving(true)}
        >
          {t('centres.move')}
        </button>
      )}
      <CentreProblem problem={problem} />
      {moving && (
        <MoveAppointment
          a={a}
          today={today}
          onMoved={(to) => {
            setMoving(false);
            onMoved(to);
          }}
          onClose={() => setMoving(false)}
        />
      )}
    </li>
  );
}

/**
 * The day view: every slot with its places and appointments, and the booking form. The chosen day (`chosen`, null for
 * the centre's today) is the page's, so that it stays when a saved centre opens the view afresh.
 */
function DaySection({
  centre,
  canBook,
  chosen,
  onChoose,
}: {
  centre: Centre;
  canBook: boolean;
  chosen: string | null;
  onChoose: (day: string) => void;
}) {
  const { t, i18n } = useTranslation();
  // A day that is over offers no booking (the server refuses one): its view is for looking back only.
  const today = todayIn(centre.timeZone);
  const day = chosen ?? today;
  const setDay = onChoose;
  const past = day < today;
  const now = useNow(day === today);
  const noShowHint = `no-show-hint-${centre.id}`;
  const [nameMissing, setNameMissing] = useState(false);
  const [service, setService] = useState('');
  const view = useResource<DayView>(`/api/centres/${centre.id}/day${query({ day, service })}`);
  const [bookService, setBookService] = useState(centre.services[0]?.service ?? '');
  const [start, setStart] = useState('');
  const [who, setWho] = useState<'contact' | 'person'>('contact');
  const [beneficiaryId, setBeneficiaryId] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [locale, setLocale] = useState('en');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [moved, setMoved] = useState<string | null>(null);
  const [key, setKey] = useState(newIdempotencyKey);
  const onMoved = (to: { day: string; start: string }) => {
    setMoved(t('centres.moved', { day: formatCalendarDate(to.day, i18n.language), start: to.start }));
    view.reload();
  };

  const free = (view.data?.slots ?? []).filter(
    (s) => s.service === bookService && s.booked < s.capacity && Date.parse(s.startsAt) > Date.now(),
  );
  const withContact = who === 'contact' || phone.trim() !== '';
  // Today's appointments whose slot has not begun show their no-show disabled: one hint says why (none on a closed day,
  // which offers no no-show).
  const noShowWaits =
    day === today &&
    !view.data?.closed &&
    (view.data?.slots ?? []).some((s) =>
      s.appointments.some((a) => a.status === 'booked' && now < Date.parse(a.startsAt)),
    );
  const book = async () => {
    setProblem(null);
    setDone(null);
    // Contact details name the person: a blank name is not sent as a stand-in (the server refuses one too).
    setNameMissing(withContact && !name.trim());
    if (withContact && !name.trim()) return;
    try {
      await api('POST', `/api/centres/${centre.id}/appointments`, {
        idempotencyKey: key,
        body: {
          service: bookService,
          day,
          start,
          beneficiaryId: who === 'person' ? beneficiaryId.trim() : null,
          contact: withContact ? { name: name.trim(), phone: phone.trim(), email: email.trim() || null, locale } : null,
        },
      });
      setDone(t('centres.bookedOk'));
      setKey(newIdempotencyKey());
      setName('');
      setPhone('');
      setEmail('');
      setStart('');
      view.reload();
    } catch (err) {
      setProblem(problemOf(err));
    }
  };

  return (
    <section aria-labelledby="day-view">
      <h2 id="day-view">{t('centres.dayView')}</h2>
      <form className="form filters" onSubmit={(e) => e.preventDefault()}>
        <TextField label={t('centres.day')} name="day" type="date" value={day} onChange={(d) => d && setDay(d)} />
        <SelectField
          label={t('centres.service')}
          name="service"
          value={service}
          onChange={setService}
          options={[
            { value: '', label: t('centres.allServices') },
            ...centre.services.map((s) => ({ value: s.service, label: serviceLabel(s.service, i18n.language) })),
          ]}
        />
      </form>
      {view.status === 'error' && <FormStatus problem={view.problem} />}
      {!view.data && view.status === 'loading' && <Loading />}
      {view.data?.closed && (
        <p className="badge danger-badge">{t('centres.closedDay', { reason: view.data.closed })}</p>
      )}
      {canBook &&
        view.data?.closed &&
        view.data.slots.some((s) => s.appointments.some((a) => a.status === 'booked')) && (
          <p className="muted" data-testid="closed-day-rebook">
            {t('centres.rebookHint')}
          </p>
        )}
      <Notice message={moved} />
      {canBook && day > today && (
        <p className="muted" data-testid="attendance-on-day">
          {t('centres.attendanceOnDay')}
        </p>
      )}
      {canBook && noShowWaits && (
        <p className="muted" id={noShowHint}>
          {t('centres.noShowAfterStart')}
        </p>
      )}
      {view.data && !view.data.closed && view.data.slots.length === 0 && <p>{t('centres.noSlots')}</p>}
      {view.data && view.data.slots.length > 0 && (
        <div className="table-wrap">
          <table data-testid="day-view">
            <thead>
              <tr>
                <th scope="col">{t('centres.time')}</th>
                <th scope="col">{t('centres.service')}</th>
                <th scope="col">{t('centres.places')}</th>
                <th scope="col">{t('centres.people')}</th>
              </tr>
            </thead>
            <tbody>
              {view.data.slots.map((s) => (
                <tr key={`${s.service}-${s.start}`} data-testid="slot-row" data-start={s.start}>
                  <td>
                    <bdi dir="ltr">{s.start}</bdi>
                  </td>
                  <td>{serviceLabel(s.service, i18n.language)}</td>
                  <td>{t('centres.booked', { booked: s.booked, capacity: s.capacity })}</td>
                  <td>
                    {s.appointments.length === 0 ? (
                      <span className="muted">{t('centres.nobody')}</span>
                    ) : (
                      <ul className="plain-list">
                        {s.appointments.map((a) => (
                          <AppointmentItem
                            key={a.id}
                            a={a}
                            canBook={canBook}
                            today={today}
                            now={now}
                            closed={view.data?.closed != null}
                            noShowHint={noShowHint}
                            onChanged={() => {
                              setMoved(null);
                              view.reload();
                            }}
                            onMoved={onMoved}
                          />
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canBook && past && (
        <p className="muted" data-testid="booking-past-day">
          {t('centres.pastDay')}
        </p>
      )}
      {canBook && !past && (
        <form
          className="form"
          data-testid="booking-form"
          onSubmit={(e) => {
            e.preventDefault();
            void book();
          }}
        >
          <h3>{t('centres.book')}</h3>
          <SelectField
            label={t('centres.service')}
            name="bookService"
            value={bookService}
            onChange={(s) => {
              setBookService(s);
              setStart('');
            }}
            options={centre.services.map((s) => ({ value: s.service, label: serviceLabel(s.service, i18n.language) }))}
          />
          <SelectField
            label={t('centres.slot')}
            name="start"
            data-testid="booking-slot"
            value={start}
            onChange={setStart}
            required
            options={[
              { value: '', label: t('centres.chooseSlot') },
              ...free.map((s) => ({
                value: s.start,
                label: `${s.start} — ${t('centres.free', { count: s.capacity - s.booked })}`,
              })),
            ]}
          />
          <SelectField
            label={t('centres.bookFor')}
            name="who"
            value={who}
            onChange={(w) => setWho(w as 'contact' | 'person')}
            options={[
              { value: 'contact', label: t('centres.forContact') },
              { value: 'person', label: t('centres.forPerson') },
            ]}
          />
          {who === 'person' && (
            <TextField
              label={t('centres.beneficiaryId')}
              name="beneficiaryId"
              value={beneficiaryId}
              onChange={setBeneficiaryId}
              required
              dir="ltr"
            />
          )}
          <TextField
            label={t('centres.contactName')}
            name="contactName"
            value={name}
            onChange={(v) => {
              setName(v);
              if (v.trim()) setNameMissing(false);
            }}
            required={withContact}
          />
          {nameMissing && (
            <p className="form-status error" role="alert" data-testid="booking-name-required">
              {t('centres.nameRequired')}
            </p>
          )}
          <TextField
            label={t('centres.contactPhone')}
            name="contactPhone"
            type="tel"
            dir="ltr"
            value={phone}
            onChange={setPhone}
            required={who === 'contact'}
          />
          <TextField
            label={t('centres.contactEmail')}
            name="contactEmail"
            type="email"
            dir="ltr"
            value={email}
            onChange={setEmail}
          />
          <SelectField
            label={t('centres.contactLocale')}
            name="locale"
            value={locale}
            onChange={setLocale}
            options={(['en', 'fr', 'es', 'ar'] as const).map((l) => ({ value: l, label: t(`centres.languages.${l}`) }))}
          />
          <CentreProblem
            problem={problem}
            labels={{
              name: t('centres.contactName'),
              phone: t('centres.contactPhone'),
              email: t('centres.contactEmail'),
              locale: t('centres.contactLocale'),
              beneficiaryId: t('centres.beneficiaryId'),
            }}
          />
          <Notice message={done} />
          <div className="form-actions">
            <button type="submit" className="button primary" data-testid="booking-submit">
              {t('centres.bookIt')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/** Closed days: listed for everyone; added and removed by supervisors and administrators. */
function ClosuresSection({ centre, canManage }: { centre: Centre; canManage: boolean }) {
  const { t, i18n } = useTranslation();
  const list = useResource<{ items: Closure[] }>(`/api/centres/${centre.id}/closures`);
  const [day, setDay] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const add = async () => {
    setProblem(null);
    try {
      await api('POST', `/api/centres/${centre.id}/closures`, {
        idempotencyKey: newIdempotencyKey(),
        body: { day, reason },
      });
      setDay('');
      setReason('');
      list.reload();
    } catch (err) {
      setProblem(problemOf(err));
    }
  };
  const remove = async (id: string) => {
    try {
      await api('DELETE', `/api/centre-closures/${id}`);
      list.reload();
    } catch (err) {
      setProblem(problemOf(err));
    }
  };
  return (
    <section aria-labelledby="closures">
      <h2 id="closures">{t('centres.closures')}</h2>
      {list.data && list.data.items.length === 0 && <p>{t('centres.noClosures')}</p>}
      {list.data && list.data.items.length > 0 && (
        <ul className="plain-list" data-testid="closure-list">
          {list.data.items.map((c) => (
            <li key={c.id}>
              <bdi>{formatCalendarDate(c.day, i18n.language)}</bdi> — <bdi>{c.reason}</bdi>{' '}
              {c.toRebook > 0 && (
                <strong className="badge danger-badge" data-testid="closure-to-rebook">
                  {t('centres.toRebook', { count: c.toRebook })}
                </strong>
              )}{' '}
              {canManage && (
                <button type="button" className="button secondary small" onClick={() => void remove(c.id)}>
                  {t('centres.removeClosure')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canManage && (
        <form
          className="form filters"
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <TextField
            label={t('centres.closureDay')}
            name="closureDay"
            type="date"
            value={day}
            onChange={setDay}
            required
          />
          <TextField
            label={t('centres.closureReason')}
            name="closureReason"
            value={reason}
            onChange={setReason}
            required
          />
          <div className="form-actions">
            <button type="submit" className="button secondary">
              {t('centres.addClosure')}
            </button>
          </div>
        </form>
      )}
      <CentreProblem problem={problem} labels={{ day: t('centres.closureDay'), reason: t('centres.closureReason') }} />
    </section>
  );
}

/** Throughput per day: capacity, booked, served, no-shows, rates; exported as CSV or XLSX. */
function ThroughputSection({ centre }: { centre: Centre }) {
  const { t, i18n } = useTranslation();
  const today = todayIn(centre.timeZone);
  const [from, setFrom] = useState(addDays(today, -13));
  const [to, setTo] = useState(today);
  // A range the server would refuse is not asked for: its message shows under "To", in the page's language, and the
  // previous range's figures leave the screen (they are not for the dates shown).
  const refused = throughputRangeProblem(from, to);
  const fig = useResource<Throughput>(refused ? null : `/api/centres/${centre.id}/throughput${query({ from, to })}`);
  const [exported, setExported] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  // New dates: an export's problem was about the previous ones.
  const pick = (set: (day: string) => void, day: string) => {
    set(day);
    setProblem(null);
    setExported(null);
  };
  const local = (message: string): FieldIssue[] => [{ code: 'custom', message, params: { local: true } }];
  const figIssues = splitIssues(fig.status === 'error' ? fig.problem : null, ['from', 'to']);
  const exportIssues = splitIssues(problem, ['from', 'to']);
  const issuesOf = (field: 'from' | 'to'): FieldIssue[] | undefined => {
    if (field === 'to' && refused === 'before')
      return local(t('issueText.notBeforeDay', { n: formatCalendarDate(from, i18n.language) }));
    if (field === 'to' && refused === 'tooLong')
      return local(t('issueText.atMostDays', { n: formatNumber(THROUGHPUT_MAX_DAYS, i18n.language) }));
    const all = [...(figIssues.byField[field] ?? []), ...(exportIssues.byField[field] ?? [])];
    return all.length ? all : undefined;
  };
  const pct = (x: number | null) => (x === null ? '—' : formatPercent(Math.round(x * 1000) / 10, i18n.language));
  const exportAs = async (format: 'csv' | 'xlsx') => {
    setExported(null);
    setProblem(null);
    const p = await downloadExport(
      `/api/centres/${centre.id}/throughput/export`,
      { from, to, format },
      `throughput.${format}`,
    );
    if (p) setProblem(p);
    else setExported(t('centres.exported'));
  };
  const row = (label: string, d: Throughput['totals'], key: string) => (
    <tr key={key} data-testid="throughput-row">
      <th scope="row">
        <bdi>{label}</bdi>
      </th>
      <td>{formatNumber(d.capacity, i18n.language)}</td>
      <td>{formatNumber(d.booked, i18n.language)}</td>
      <td>{formatNumber(d.served, i18n.language)}</td>
      <td>{formatNumber(d.noShows, i18n.language)}</td>
      <td>{formatNumber(d.cancelled, i18n.language)}</td>
      <td>{pct(d.noShowRate)}</td>
      <td>{pct(d.utilisation)}</td>
    </tr>
  );
  return (
    <section aria-labelledby="throughput">
      <h2 id="throughput">{t('centres.throughput')}</h2>
      <form className="form filters" onSubmit={(e) => e.preventDefault()}>
        <TextField
          label={t('centres.from')}
          name="from"
          type="date"
          value={from}
          onChange={(v) => v && pick(setFrom, v)}
          issues={issuesOf('from')}
        />
        <TextField
          label={t('centres.to')}
          name="to"
          type="date"
          value={to}
          onChange={(v) => v && pick(setTo, v)}
          issues={issuesOf('to')}
        />
      </form>
      {fig.status === 'error' && <FormStatus problem={fig.problem} rest={figIssues.rest} />}
      {!refused && fig.status !== 'error' && fig.data && (
        <div className="table-wrap">
          <table data-testid="throughput">
            <thead>
              <tr>
                <th scope="col">{t('centres.day')}</th>
                <th scope="col">{t('centres.capacity')}</th>
                <th scope="col">{t('centres.bookedCol')}</th>
                <th scope="col">{t('centres.servedCol')}</th>
                <th scope="col">{t('centres.noShows')}</th>
                <th scope="col">{t('centres.cancelled')}</th>
                <th scope="col">{t('centres.noShowRate')}</th>
                <th scope="col">{t('centres.utilisation')}</th>
              </tr>
            </thead>
            <tbody>
              {fig.data.days.map((d) => row(formatCalendarDate(d.day, i18n.language), d, d.day))}
              {row(t('centres.total'), fig.data.totals, 'total')}
            </tbody>
          </table>
        </div>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="button secondary"
          data-testid="throughput-export-csv"
          disabled={refused !== null}
          onClick={() => void exportAs('csv')}
        >
          {t('centres.exportCsv')}
        </button>
        <button
          type="button"
          className="button secondary"
          data-testid="throughput-export-xlsx"
          disabled={refused !== null}
          onClick={() => void exportAs('xlsx')}
        >
          {t('centres.exportXlsx')}
        </button>
      </div>
      <Notice message={exported} />
      {problem && <FormStatus problem={problem} rest={exportIssues.rest} />}
    </section>
  );
}

/** One centre: where and when it is open, its day of slots and bookings, closed days and throughput. */
export function CentrePage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const { user } = useSignedIn();
  const centre = useResource<Centre>(`/api/centres/${id}`);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  // Someone else changed the centre before a save (412): said by the form opened afresh on the reloaded centre.
  const [conflict, setConflict] = useState<Problem | null>(null);
  // The day view's chosen day: kept here, as a saved centre opens the day view afresh (key, for its new seats).
  const [day, setDay] = useState<string | null>(null);
  if (centre.status === 'error' && !centre.data) return <FormStatus problem={centre.problem} />;
  if (!centre.data) return <Loading />;
  const c = centre.data;
  const canBook = canUse(user.roles, 'centresBook');
  const canManage = canUse(user.roles, 'centresManage');
  return (
    <>
      <PageHeading title={c.name} testId="centre-title">
        <bdi>{c.name}</bdi>
      </PageHeading>
      <dl className="details">
        <dt>{t('centres.address')}</dt>
        <dd>
          <bdi>{c.address}</bdi>
          {t('common.separator')}
          {countryName(c.country, i18n.language)}
          {c.pcode && (
            <>
              {t('common.separator')}
              {c.placeName && (
                <>
                  <bdi data-testid="centre-place">{c.placeName}</bdi>{' '}
                </>
              )}
              <bdi dir="ltr">{c.placeName ? `(${c.pcode})` : c.pcode}</bdi>
            </>
          )}
        </dd>
        <dt>{t('centres.timeZone')}</dt>
        <dd>
          <bdi dir="ltr">{c.timeZone}</bdi>
        </dd>
        <dt>{t('centres.hours')}</dt>
        <dd>
          <ul className="plain-list">
            {DAYS.map((d) => (
              <li key={d}>
                {t(`centres.weekdays.${d}`)}
                {t('common.colon')}{' '}
                <bdi dir="ltr">
                  {(c.openingHours[d] ?? []).map(([a, b]) => `${a}–${b}`).join(t('common.separator')) ||
                    t('centres.closed')}
                </bdi>
              </li>
            ))}
          </ul>
        </dd>
        <dt>{t('centres.services')}</dt>
        <dd>
          <ul className="plain-list">
            {c.services.map((s) => (
              <li key={s.service}>
                {serviceLabel(s.service, i18n.language)}
                {t('common.colon')} {formatMinutes(s.slotMinutes, i18n.language)} ×{' '}
                {formatNumber(s.seatsPerSlot, i18n.language)} — {t('centres.dailyCapacity', { count: s.dailyCapacity })}
              </li>
            ))}
          </ul>
        </dd>
      </dl>
      <Notice message={saved} />
      {canManage &&
        (editing ? (
          <CentreForm
            // (Keys of this fragment's children: each its own, or React would keep a saved form on the page.)
            key={`form-${c.version}`}
            centre={c}
            etag={centre.etag}
            problem={conflict}
            onSaved={(next, etag) => {
              centre.replace(next, etag);
              setConflict(null);
              setEditing(false);
              setSaved(t('centres.saved'));
            }}
            onConflict={(p) => {
              setConflict(p);
              centre.reload();
            }}
            onClose={() => {
              setConflict(null);
              setEditing(false);
            }}
          />
        ) : (
          <div className="form-actions">
            <button
              type="button"
              className="button secondary"
              data-testid="centre-edit"
              onClick={() => {
                setSaved(null);
                setConflict(null);
                setEditing(true);
              }}
            >
              {t('centres.edit')}
            </button>
          </div>
        ))}
      {canBook && <DaySection key={`day-${c.version}`} centre={c} canBook={canBook} chosen={day} onChoose={setDay} />}
      <ClosuresSection centre={c} canManage={canManage} />
      {canUse(user.roles, 'centresFigures') && <ThroughputSection centre={c} />}
    </>
  );
}
