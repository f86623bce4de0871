import { CreateTask, type Task } from '@corridor/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { splitIssues } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { canUse } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { FormActions, SelectField, TextField } from '../components/fields.tsx';
import { CheckField, Disclosure } from '../components/form-fields.tsx';
import { Loading } from '../components/loading.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { formatCalendarDate, formatDateTime } from '../i18n/format.ts';
import { useStaff } from '../protection/names.tsx';
import { useAction } from '../protection/use-action.ts';

type TaskRow = z.infer<typeof Task>;

/** The case's tasks: due dates, overdue ones marked, done with one click. */
export function Tasks({ caseId, closed }: { caseId: string; closed: boolean }) {
  const { t, i18n } = useTranslation();
  const { user } = useSignedIn();
  const supervisor = canUse(user.roles, 'supervise');
  const staff = useStaff();
  const list = useResource<{ items: TaskRow[] }>(`/api/cases/${caseId}/tasks`);
  const [values, setValues] = useState({ title: '', dueOn: '', assignedTo: user.id });
  const action = useAction();
  const done = useAction();
  const { byField, rest } = splitIssues(action.problem, ['title', 'dueOn', 'assignedTo']);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const created = await action.run<TaskRow>('POST', `/api/cases/${caseId}/tasks`, {
      body: { title: values.title, dueOn: values.dueOn, assignedTo: values.assignedTo || null },
      schema: CreateTask,
      creates: true,
      done: t('records.taskAdded'),
    });
    if (created) {
      setValues({ title: '', dueOn: '', assignedTo: user.id });
      list.reload();
    }
  };
  const markDone = async (task: TaskRow) => {
    const r = await done.run<TaskRow>('POST', `/api/cases/${caseId}/tasks/${task.id}/done`, {
      done: t('records.taskDone', { title: task.title }),
    });
    if (r) list.reload();
  };

  return (
    <section id="case-tasks" aria-labelledby="tasks-title" className="panel">
      <h2 id="tasks-title">{t('records.tasks')}</h2>
      {list.status === 'error' && <FormStatus problem={list.problem} />}
      {!list.data && list.status === 'loading' && <Loading />}
      <FormStatus problem={done.problem} />
      <Notice message={done.notice} />
      {list.data && list.data.items.length === 0 && <p className="muted">{t('records.noTasks')}</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table data-testid="task-list">
            <thead>
              <tr>
                <th scope="col">{t('records.taskTitle')}</th>
                <th scope="col">{t('records.dueOn')}</th>
                <th scope="col">{t('records.assignee')}</th>
                <th scope="col">{t('records.taskState')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((task) => (
                <tr key={task.id} data-testid="task">
                  <td className={task.overdue ? 'free-text overdue-mark' : 'free-text'} dir="auto">
                    {task.title}
                  </td>
                  <td>
                    {formatCalendarDate(task.dueOn, i18n.language)}
                    {task.overdue && (
                      <span className="badge danger-badge" data-testid="task-overdue">
                        {t('records.overdue')}
                      </span>
                    )}
                  </td>
                  <td>
                    <bdi>{staff.label(task.assignedTo)}</bdi>
                  </td>
                  <td>
                    {task.doneAt ? (
                      <span className="badge ok-badge">
                        {t('records.doneAt', { date: formatDateTime(task.doneAt, i18n.language) })}
                      </span>
                    ) : closed ? (
                      t('records.open')
                    ) : (
                      <button
                        type="button"
                        className="button secondary small"
                        disabled={done.busy}
                        onClick={() => void markDone(task)}
                        data-testid="task-done"
                      >
                        {t('records.markDone')}
                        <span className="visually-hidden">: {task.title}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {!closed && (
        <Disclosure summary={t('records.addTask')} testId="add-task">
          <form onSubmit={submit} noValidate className="form" data-testid="task-form">
            <FormStatus problem={action.problem} rest={rest} />
            <Notice message={action.notice} />
            <TextField
              label={t('records.taskTitle')}
              name="title"
              required
              maxLength={200}
              value={values.title}
              onChange={(title) => setValues({ ...values, title })}
              issues={byField.title}
            />
            <TextField
              label={t('records.dueOn')}
              name="dueOn"
              type="date"
              required
              // The server refuses a past day (UTC, as it counts days): the picker offers none.
              min={new Date().toISOString().slice(0, 10)}
              value={values.dueOn}
              onChange={(dueOn) => setValues({ ...values, dueOn })}
              issues={byField.dueOn}
            />
            {supervisor ? (
              <SelectField
                label={t('records.assignee')}
                name="assignedTo"
                value={values.assignedTo}
                onChange={(assignedTo) => setValues({ ...values, assignedTo })}
                options={[
                  { value: '', label: t('protection.nobody') },
                  { value: user.id, label: t('protection.you') },
                  ...staff.assignable
                    .filter((u) => u.id !== user.id)
                    .map((u) => ({ value: u.id, label: u.displayName })),
                ]}
                issues={byField.assignedTo}
              />
            ) : (
              <CheckField
                label={t('records.assignToMe')}
                name="assignToMe"
                checked={values.assignedTo === user.id}
                onChange={(mine) => setValues({ ...values, assignedTo: mine ? user.id : '' })}
                issues={byField.assignedTo}
              />
            )}
            <FormActions>
              <button type="submit" className="button secondary" disabled={action.busy}>
                {t('records.addTaskSubmit')}
              </button>
            </FormActions>
          </form>
        </Disclosure>
      )}
    </section>
  );
}
