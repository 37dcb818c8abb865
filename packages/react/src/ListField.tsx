import { useState } from 'react';
import type { ReactElement } from 'react';
import { joinList, splitList } from './authoringMessages.js';

/** A comma-separated list typed as text: the text is kept as typed, the list is reported on every change. */
export function ListField({ id, label, value, onChange, testId }: { id: string; label: string; value: readonly string[] | undefined; onChange: (items: string[]) => void; testId?: string }): ReactElement {
  const [text, setText] = useState(() => joinList(value));
  return (
    <div className="pv-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={text}
        data-testid={testId}
        onChange={(e) => {
          setText(e.target.value);
          onChange(splitList(e.target.value));
        }}
      />
    </div>
  );
}
