import type { Appointment, DayView, Problem } from '@corridor/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../api/client.ts';
import { problemOf } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { SelectField, TextField } from '../components/fields.tsx';
import { Loading } from '../components/loading.tsx';
import { formatCalendarDate } from '../i18n/format.ts';
import { moveTargets } from './appointment-actions.ts';
import { CentreProblem } from './centre-problem.tsx';

/**
 * Moves a booked appointment to another free slot of its service (POST /api/appointments/:id/reschedule): a day
 * chosen (`today` or later, the centre's day), then one of that day's free slots. The server takes the new place
 * and frees the old one; its refusals (full, already booked that day, closed...) are worded in the page's language.
 */
export function MoveAppointment({
  a,
  today,
  onMoved,
  onClose,
}: {
  a: Appointment;
  today: string;
  onMoved: (to: { day: string; start: string }) => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [day, setDay] = useState(a.day >= today ? a.day : today);
  const [start, setStart] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const view = useResource<DayView>(`/api/centres/${a.centreId}/day${query({ day, service: a.service })}`);
  // The slots of the day asked for only (while another day loads, the previous one's are not offered).
  const shown = view.data?.day === day ? view.data : null;
  const free = shown ? moveTargets(a, shown, Date.now()) : [];
  const move = async () => {
    setProblem(null);
    try {
      await api('POST', `/api/appointments/${a.id}/reschedule`, { body: { day, start } });
      onMoved({ day, start });
    } catch (err) {
      setProblem(problemOf(err));
      view.reload();
    }
  };
  return (
    <form
      className="form"
      data-testid="move-form"
      onSubmit={(e) => {
        e.preventDefault();
        void move();
      }}
    >
      <h4>{t('centres.moveTitle')}</h4>
      <TextField
        label={t('centres.moveDay')}
        name="moveDay"
        type="date"
        min={today}
        value={day}
        onChange={(d) => {
          if (!d) return;
          setDay(d);
          setStart('');
          setProblem(null);
        }}
        required
      />
      {!shown && view.status === 'loading' && <Loading />}
      {shown?.closed && (
        <p className="badge danger-badge" data-testid="move-closed">
          {t('centres.closedDay', { reason: shown.closed })}
        </p>
      )}
      {shown && !shown.closed && free.length === 0 && (
        <p className="muted" data-testid="move-no-slot">
          {t('centres.noFreeSlot', { day: formatCalendarDate(day, i18n.language) })}
        </p>
      )}
      {free.length > 0 && (
        <SelectField
          label={t('centres.slot')}
          name="moveStart"
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
      )}
      {view.status === 'error' && <CentreProblem problem={view.problem} />}
      <CentreProblem problem={problem} labels={{ day: t('centres.moveDay'), start: t('centres.slot') }} />
      <div className="form-actions">
        <button type="submit" className="button primary small" data-testid="move-submit" disabled={!start}>
          {t('centres.moveIt')}
        </button>
        <button type="button" className="button secondary small" onClick={onClose}>
          {t('centres.keep')}
        </button>
      </div>
    </form>
  );
}
