import type { OverdueTask, Task } from '@corridor/contracts';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { query } from '../api/client.ts';
import { useResource } from '../api/use-resource.ts';
import { Link, navigate, useLocation } from '../app/router.tsx';
import { CheckField } from '../components/form-fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { formatCalendarDate } from '../i18n/format.ts';
import { useStaff } from '../protection/names.tsx';
import { useAction } from '../protection/use-action.ts';
import { useVocabularies } from '../vocabularies/use-vocabularies.ts';

type OverdueRow = z.infer<typeof OverdueTask>;
type TaskRow = z.infer<typeof Task>;

const DAY = 86_400_000;

/** Whole days between a due date and today (UTC, as the server decides what is overdue). */
function daysLate(dueOn: string): number {
  const due = Date.parse(`${dueOn}T00:00:00Z`);
  const now = new Date();
  const todayUtc = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.max(0, Math.round((todayUtc - due) / DAY));
}

/** "3 days ago" in the interface language, plural rules included (Intl.RelativeTimeFormat). */
function ago(days: number, lng: string): string {
  return new Intl.RelativeTimeFormat(lng, { numeric: 'auto' }).format(-days, 'day');
}

/** Open tasks past their due date on the cases the caller may read, oldest first; "only mine" by choice. */
export function OverdueTasksPage() {
  const { t, i18n } = useTranslation();
  const { search } = useLocation();
  const mine = new URLSearchParams(search).get('mine') === '1';
  const vocab = useVocabularies();
  const staff = useStaff();
  const list = useResource<{ items: OverdueRow[] }>(
    `/api/tasks/overdue${query({ assignedTo: mine ? 'me' : undefined })}`,
  );
  const done = useAction();

  const markDone = async (task: OverdueRow) => {
    const r = await done.run<TaskRow>('POST', `/api/cases/${task.caseId}/tasks/${task.id}/done`, {
      done: t('records.taskDone', { title: task.title }),
    });
    if (r) list.reload();
  };

  return (
    <>
      <PageHeading title={t('tasks.title')}>{t('tasks.title')}</PageHeading>
      <p className="lead">{t('tasks.intro')}</p>
      <div className="form filters">
        <CheckField
          label={t('tasks.onlyMine')}
          name="mine"
          checked={mine}
          onChange={(m) => navigate(`/tasks${m ? '?mine=1' : ''}`, { replace: true })}
        />
      </div>
      {list.status === 'error' && <FormStatus problem={list.problem} />}
      {!list.data && list.status === 'loading' && <Loading />}
      <FormStatus problem={done.problem} />
      <Notice message={done.notice} />
      {list.data && list.data.items.length === 0 && (
        <p className="notice ok" data-testid="no-overdue">
          {t('tasks.none')}
        </p>
      )}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table data-testid="overdue-tasks">
            <thead>
              <tr>
                <th scope="col">{t('records.dueOn')}</th>
                <th scope="col">{t('records.taskTitle')}</th>
                <th scope="col">{t('tasks.case')}</th>
                <th scope="col">{t('records.assignee')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((task) => (
                <tr key={task.id} data-testid="overdue-task">
                  <td className="overdue-mark">
                    {formatCalendarDate(task.dueOn, i18n.language)}
                    <span className="badge danger-badge">
                      {t('tasks.due', { ago: ago(daysLate(task.dueOn), i18n.language) })}
                    </span>
                  </td>
                  <td className="free-text" dir="auto">
                    {task.title}
                  </td>
                  <td>
                    <Link to={`/cases/${task.caseId}`} dir="ltr">
                      {task.caseReference}
                    </Link>{' '}
                    <span className="muted">{vocab.label('corridor.case_type', task.caseType)}</span>
                  </td>
                  <td>
                    <bdi>{staff.label(task.assignedTo)}</bdi>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button secondary small"
                      disabled={done.busy}
                      onClick={() => void markDone(task)}
                    >
                      {t('records.markDone')}
                      <span className="visually-hidden">: {task.title}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
