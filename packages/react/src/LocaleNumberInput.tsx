import { useState } from 'react';
import type { ReactElement } from 'react';
import type { UiLocale } from './i18n.js';
import { parseLocaleNumber, showLocaleNumber } from './localeNumber.js';

export interface LocaleNumberInputProps {
  id: string;
  /** Decimal string ("0.10"), or '' when unset. */
  value: string;
  onValue: (decimal: string) => void;
  locale: UiLocale;
  /** Shown (and read by screen readers) while the text is not a number. */
  invalidText: string;
  optional?: boolean;
  testId?: string;
}

/** A number typed in the user's locale ("0,10"): applied as a decimal string once it reads as one, marked until then. */
export function LocaleNumberInput(p: LocaleNumberInputProps): ReactElement {
  const [text, setText] = useState(() => (p.value === '' ? '' : showLocaleNumber(p.value, p.locale)));
  const [invalid, setInvalid] = useState(false);
  return (
    <>
      <input
        id={p.id}
        value={text}
        inputMode="decimal"
        data-testid={p.testId}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `${p.id}-error` : undefined}
        onChange={(e) => {
          setText(e.target.value);
          const n = parseLocaleNumber(e.target.value, p.locale);
          const ok = n.ok || (p.optional === true && n.reason === 'empty');
          setInvalid(!ok);
          if (n.ok) p.onValue(n.value);
          else if (ok) p.onValue('');
        }}
      />
      {invalid ? (
        <span id={`${p.id}-error`} className="pv-error">
          {p.invalidText}
        </span>
      ) : null}
    </>
  );
}
