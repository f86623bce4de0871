import type { Problem } from '@corridor/contracts';
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FieldIssue, problemOf } from '../api/problem.ts';
import { FieldIssues } from './fields.tsx';
import { FormStatus } from './problem-message.tsx';

/** One record a picker offers: its id (what the form sends), what a person reads, and a hint to tell two apart. */
export type PickerChoice = { id: string; label: string; hint?: string };

/**
 * Where a picker finds its records. `search` gets what was typed (never put in a URL when it can name a person:
 * people are searched with POST /api/beneficiaries/search) and answers the best matches first.
 */
export type PickerSource = {
  search: (text: string) => Promise<{ items: PickerChoice[]; more: boolean }>;
  /** Characters to type before searching (0: the list shows on focus). */
  minChars: number;
};

type Props = {
  label: string;
  name: string;
  source: PickerSource;
  value: string | null;
  onChange: (id: string | null, choice: PickerChoice | null) => void;
  required?: boolean;
  hint?: string;
  /** What the current value reads as, when the page already knows it. */
  current?: PickerChoice | null;
  /** The server's problems with this field, shown under it (and the field marked invalid). */
  issues?: FieldIssue[] | undefined;
};

const DELAY_MS = 250;

/**
 * A search-as-you-type picker of one record (a person, a case, a crisis, a fund, an organisation...): a combobox
 * with a list of matches, used with the keyboard (arrows, Enter, Escape) or the pointer. The form gets the record's
 * id; the person sees its name. The chosen id also sits in a hidden input named `name`.
 */
export function RecordPicker({ label, name, source, value, onChange, required, hint, current, issues }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const [items, setItems] = useState<PickerChoice[]>([]);
  const [more, setMore] = useState(false);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [chosen, setChosen] = useState<PickerChoice | null>(current ?? null);
  const asked = useRef(0);
  const input = useRef<HTMLInputElement>(null);

  // A search runs once typing pauses; an answer that arrives after a newer question is dropped.
  useEffect(() => {
    if (!open || value) return;
    const wanted = text.trim();
    if (wanted.length < source.minChars) {
      setItems([]);
      setMore(false);
      return;
    }
    const n = ++asked.current;
    const timer = setTimeout(() => {
      setBusy(true);
      setProblem(null);
      source.search(wanted).then(
        (r) => {
          if (n !== asked.current) return;
          setItems(r.items);
          setMore(r.more);
          setActive(r.items.length ? 0 : -1);
          setBusy(false);
        },
        (err: unknown) => {
          if (n !== asked.current) return;
          setProblem(problemOf(err));
          setItems([]);
          setBusy(false);
        },
      );
    }, DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, open, value, source]);

  const pick = (c: PickerChoice) => {
    setChosen(c);
    setOpen(false);
    setText('');
    onChange(c.id, c);
  };
  const clear = () => {
    setChosen(null);
    onChange(null, null);
    setOpen(true);
    setTimeout(() => input.current?.focus(), 0);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, items.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter') {
      // Enter picks the highlighted match and never sends the form the picker belongs to.
      e.preventDefault();
      const c = items[active];
      if (open && c) pick(c);
    } else if (e.key === 'Escape') {
      setOpen(false);
    }
  };

  const listId = `${id}-list`;
  const hintId = hint ? `${id}-hint` : undefined;
  const issuesId = issues?.length ? `${id}-issues` : undefined;
  const describedBy = [hintId, issuesId].filter(Boolean).join(' ') || undefined;
  const shown = chosen && chosen.id === value ? chosen : value ? { id: value, label: value } : null;
  return (
    <div className={`field record-picker${issuesId ? ' field-invalid' : ''}`} data-testid={`picker-${name}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      <input type="hidden" name={name} value={value ?? ''} />
      {shown ? (
        <p className="record-picker-chosen" data-testid={`picker-${name}-chosen`}>
          <span className="visually-hidden">
            {t('picker.chosen')}
            {t('common.colon')}{' '}
          </span>
          <bdi>{shown.label}</bdi>
          {shown.hint && <span className="hint"> · {shown.hint}</span>}{' '}
          <button className="button secondary small" type="button" id={id} onClick={clear} aria-describedby={issuesId}>
            {t('picker.change')}
          </button>
        </p>
      ) : (
        <>
          <input
            id={id}
            ref={input}
            type="search"
            role="combobox"
            aria-expanded={open && items.length > 0}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
            aria-describedby={describedBy}
            aria-required={required || undefined}
            aria-invalid={issuesId ? true : undefined}
            autoComplete="off"
            spellCheck={false}
            placeholder={t('picker.search')}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setOpen(true);
            }}
            onFocus={() => setOpen(true)}
            onKeyDown={onKey}
          />
          <div aria-live="polite" className="hint">
            {open && busy && t('picker.searching')}
            {open && !busy && text.trim().length < source.minChars && source.minChars > 1 && text.trim() !== ''
              ? t('picker.minChars', { count: source.minChars })
              : null}
            {open && !busy && !problem && text.trim().length >= source.minChars && items.length === 0 && text.trim()
              ? t('picker.none')
              : null}
            {open && !busy && more ? t('picker.more') : null}
          </div>
          {open && items.length > 0 && (
            <div id={listId} role="listbox" className="record-picker-list" aria-label={label}>
              {items.map((c, i) => (
                <div
                  key={c.id}
                  id={`${listId}-${i}`}
                  role="option"
                  tabIndex={-1}
                  aria-selected={i === active}
                  data-testid={`picker-${name}-option`}
                  // mousedown, not click: the input keeps its focus until the choice is made.
                  onMouseDown={(e) => {
                    e.preventDefault();
                    pick(c);
                  }}
                >
                  <bdi>{c.label}</bdi>
                  {c.hint && <span className="hint"> · {c.hint}</span>}
                </div>
              ))}
            </div>
          )}
          <FormStatus problem={problem} />
        </>
      )}
      {issuesId && issues && <FieldIssues id={issuesId} issues={issues} />}
    </div>
  );
}
