import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { UserError } from '../../engine/define-node';
import { checkExpression } from '../../engine/expr';
import { ExpressionError } from '../../engine/expr/errors';
import { tokenize } from '../../engine/expr/lexer';
import { applyCompletion, completeExpression, type Completion, type CompletionItem } from '../../engine/expr/complete';
import type { ColumnSchema } from '../../engine/table';
import { Field, inputClass } from '../components/ui/field';
import { ColumnKindIcon } from './column-kind-icon';
import type { ParamSchema } from './param-schema';

type Props = {
  label: string;
  prop: ParamSchema;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  /** The upstream columns, or undefined while nothing is connected. */
  columns: ColumnSchema[] | undefined;
};

/** Enough to pick from; a wide table's 500 columns would only slow typing down. */
const MAX_SHOWN = 50;

/**
 * An expression in Pipewright's language: monospace, no auto-correction of column names, completion of
 * columns, functions and keywords as a combobox (ARIA 1.2 pattern), and the checker's message under it.
 */
export function ExpressionField({ label, prop, value, onChange, columns }: Props) {
  const id = useId();
  const listId = `${id}-completions`;
  const optionId = (i: number) => `${id}-option-${i}`;
  const textarea = useRef<HTMLTextAreaElement>(null);
  const pendingCursor = useRef<number | null>(null);
  const [completion, setCompletion] = useState<Completion | null>(null);
  const [active, setActive] = useState(0);
  const text = value ?? '';
  const problem = useMemo(() => (columns && text.trim() !== '' ? problemOf(text, columns) : undefined), [text, columns]);
  const items = completion?.items ?? [];
  const open = items.length > 0;

  // Accepting rewrites the value through the store; the cursor can only be placed once it is rendered.
  useEffect(() => {
    if (pendingCursor.current === null || !textarea.current) return;
    textarea.current.setSelectionRange(pendingCursor.current, pendingCursor.current);
    pendingCursor.current = null;
  }, [value]);

  useEffect(() => {
    if (open) document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, active]);

  /** Opens the list while a name is being typed (or on Ctrl+Space), not after every space or operator. */
  const suggest = (source: string, cursor: number, explicit: boolean) => {
    const next = completeExpression(source, cursor, columns ?? []);
    const typed = next ? source.slice(next.from, next.to) : '';
    const done = next?.items.length === 1 && next.items[0].insert === typed;
    const wanted = next && !done && (explicit || next.prefix !== '' || next.quoted);
    setCompletion(wanted ? { ...next, items: next.items.slice(0, MAX_SHOWN) } : null);
    setActive(0);
  };

  const accept = (item: CompletionItem) => {
    if (!completion) return;
    const next = applyCompletion(text, completion, item);
    pendingCursor.current = next.cursor;
    setCompletion(null);
    onChange(next.text);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === ' ' && e.ctrlKey) {
      e.preventDefault();
      suggest(text, e.currentTarget.selectionStart, true);
      return;
    }
    if (!open) return;
    const plain = !(e.shiftKey || e.altKey || e.ctrlKey || e.metaKey);
    if (e.key === 'ArrowDown') setActive((a) => (a + 1) % items.length);
    else if (e.key === 'ArrowUp') setActive((a) => (a - 1 + items.length) % items.length);
    else if ((e.key === 'Enter' || e.key === 'Tab') && plain) accept(items[active]);
    else if (e.key === 'Escape') {
      e.stopPropagation();
      setCompletion(null);
    } else {
      if (e.key === 'ArrowLeft' || e.key === 'ArrowRight' || e.key === 'Home' || e.key === 'End') setCompletion(null);
      return;
    }
    e.preventDefault();
  };

  const describedBy = [prop.description ? `${id}-help` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <Field id={id} label={label} help={prop.description} error={problem?.message}>
      <div className="relative">
        <textarea
          ref={textarea}
          id={id}
          rows={3}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open ? optionId(active) : undefined}
          aria-invalid={problem ? true : undefined}
          aria-describedby={describedBy || undefined}
          className={`${inputClass} font-mono text-xs`}
          value={text}
          onChange={(e) => {
            onChange(e.target.value === '' ? undefined : e.target.value);
            suggest(e.target.value, e.target.selectionStart, false);
          }}
          onKeyDown={onKeyDown}
          onClick={() => setCompletion(null)}
          onBlur={() => setCompletion(null)}
        />
        <ul
          id={listId}
          role="listbox"
          // Not "<label> completions": the field's own label must name the textarea alone.
          aria-label="Completions"
          hidden={!open}
          className="absolute inset-x-0 top-full z-20 mt-1 max-h-60 overflow-y-auto rounded-md bg-white py-1 text-xs shadow-lg ring-1 ring-slate-200"
        >
          {items.map((item, i) => (
            <li
              key={`${item.kind}:${item.label}`}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className={`flex cursor-pointer items-start gap-2 px-2 py-1 ${i === active ? 'bg-indigo-50' : 'hover:bg-slate-50'}`}
              // Keeps the focus (and the cursor) in the textarea while clicking.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => accept(item)}
            >
              {item.kind === 'column' && item.columnKind ? (
                <ColumnKindIcon kind={item.columnKind} className="mt-px w-7 text-center" />
              ) : (
                <span aria-hidden="true" className="mt-px w-7 shrink-0 text-center text-[10px] font-semibold text-slate-400">
                  {item.kind === 'function' ? 'ƒ' : 'kw'}
                </span>
              )}
              <span className="min-w-0">
                <span className="block truncate font-mono text-slate-900">{item.detail ?? item.label}</span>
                {item.description ? <span className="block text-[11px] text-slate-500">{item.description}</span> : null}
                <span className="sr-only">, {item.kind === 'column' ? `${item.columnKind === 'number' ? 'number' : 'category'} column` : item.kind}</span>
              </span>
            </li>
          ))}
        </ul>
      </div>
      {problem?.at !== undefined ? <ProblemExcerpt text={text} at={problem.at} /> : null}
    </Field>
  );
}

/**
 * The line of the expression the problem is on, its token underlined: a "1:65" is hard to find in a
 * wrapped box. Hidden from screen readers, which read the message (it names the token and where).
 */
function ProblemExcerpt({ text, at }: { text: string; at: number }) {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at);
  const token = tokenAt(text.slice(at, lineEnd));
  // Up to 40 characters either side of the token, so a long line still shows where it is.
  const from = Math.max(lineStart, at - 40);
  const to = Math.min(lineEnd, at + token.length + 40);
  return (
    <p aria-hidden="true" className="mt-1 overflow-hidden whitespace-pre rounded bg-rose-50 px-2 py-1 font-mono text-xs text-slate-700">
      {from > lineStart ? '…' : ''}
      {text.slice(from, at)}
      {/* At the end of the text (something missing), a marked space shows where. */}
      <mark className="bg-transparent text-rose-700 underline decoration-rose-600 decoration-wavy underline-offset-2">{token || ' '}</mark>
      {text.slice(at + token.length, to)}
      {to < lineEnd ? '…' : ''}
    </p>
  );
}

/** The token `rest` starts with, as the language's lexer reads it; its first character where the lexer stops on it (an unclosed text). */
function tokenAt(rest: string): string {
  try {
    return tokenize(rest)[0]?.text ?? '';
  } catch {
    return rest.slice(0, 1);
  }
}

/** The checker's token-pointed message for the expression, if it has one, and the offset of that token. */
function problemOf(text: string, columns: ColumnSchema[]): { message: string; at?: number } | undefined {
  try {
    checkExpression(text, { columns });
    return undefined;
  } catch (error) {
    if (error instanceof ExpressionError) return { message: error.message, at: error.pos.offset };
    if (error instanceof UserError) return { message: error.message };
    throw error;
  }
}
