import type { Plan } from '@provvigo/core';
import { useState } from 'react';
import type { ReactElement } from 'react';
import { userEvent, within } from 'storybook/test';
import { authoringMessages } from '../src/index.js';
import type { AuthoringMessages, UiLocale } from '../src/index.js';
import { localeOf } from './storyStates.js';

/** Holds a plan as a host app does, so a story's editor can be used: each edit it emits becomes the shown plan. */
export function PlanState({ initial, children }: { initial: Plan; children: (plan: Plan, onChange: (p: Plan) => void) => ReactElement }): ReactElement {
  const [plan, setPlan] = useState(initial);
  return children(plan, setPlan);
}

/** What an authoring editor story passes to its editor: the held plan, its setter, and the story's language. */
export interface EditorStoryProps {
  plan: Plan;
  onChange: (p: Plan) => void;
  locale: UiLocale;
  m: AuthoringMessages;
}

/**
 * The render and default args of an authoring editor's stories (spread into the file's `meta`, whose `title` stays a
 * literal for Storybook's indexer): the editor on a held plan, in the toolbar's language.
 */
export function editorStories(editor: (p: EditorStoryProps) => ReactElement, initial: Plan) {
  return {
    render: ({ initial: start }: { initial: Plan }, { globals }: { globals: Record<string, unknown> }) => {
      const locale = localeOf(globals);
      return <PlanState initial={start}>{(plan, onChange) => editor({ plan, onChange, locale, m: authoringMessages(locale) })}</PlanState>;
    },
    args: { initial },
  };
}

/** A play function's step: types `name` into the new-item form's name field and submits it, then waits for its alert. */
export async function submitNewName(canvasElement: HTMLElement, name: string, button: string): Promise<void> {
  const form = within(canvasElement);
  await userEvent.type(canvasElement.querySelector<HTMLInputElement>('input[name="name"]')!, name);
  await userEvent.click(form.getByRole('button', { name: button }));
  await form.findByRole('alert');
}
