import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STATE } from '../stories/storyStates.js';
import type { StoryState } from '../stories/storyStates.js';

// Issue 11 §7: every component a host can import (react's index.ts) and the studio's review screens have stories for
// each state: empty, error, long data, Italian, and a 390 px phone. A story declares its state with a tag
// (stories/storyStates.ts); this test reads the tags and the globals the Italian and phone stories set.

const reactDir = new URL('../', import.meta.url);
const studioPages = new URL('../../../apps/studio/client/pages/', import.meta.url);

/** The components react's index.ts exports: PascalCase names exported from a .tsx module. */
function exportedComponents(): string[] {
  const index = readFileSync(new URL('src/index.ts', reactDir), 'utf8');
  const names: string[] = [];
  for (const [, list, file] of index.matchAll(/^export \{([^}]+)\} from '\.\/(\w+)\.js';$/gm)) {
    if (!existsSync(new URL(`src/${file}.tsx`, reactDir))) continue;
    names.push(...list!.split(',').map((n) => n.trim()).filter((n) => /^[A-Z][a-z]/.test(n)));
  }
  return names;
}

/**
 * The studio's review screens, by file under apps/studio/client/pages: the period page's run actions and approver
 * review, SAP panel and partners' questions, the portal's question form, and the plan page's what-if and version
 * diff (each the view its page fills from the server).
 */
const STUDIO_COMPONENTS = ['PeriodReview', 'PeriodActions', 'SapPostingsPanel', 'questions/StaffQuestions', 'questions/PartnerQuestions', 'audit/AuditLogView', 'plans/WhatIfPanelView', 'plans/VersionsView'];

/** States a component cannot be in, and why; everything else must have a story. */
const NOT_APPLICABLE = new Map<string, Map<StoryState, string>>([
  ['ConditionsForm', new Map([['error', 'every input writes only values the schema accepts (positive whole windows, a unit chosen from a list); a condition that names an unknown table shows in the builder\'s problem list (PlanBuilder WithErrors)']])],
  ['PlanDiffView', new Map([['error', 'it shows core\'s diff of two stored versions and has no failure of its own; a failed request is the studio\'s alert']])],
  ['Explanation', new Map([['error', 'it explains a line the engine computed: a record in error has no line, and the statement\'s blocked state (Statement Blocked) shows it']])],
]);

interface StoryExport {
  tags?: string[];
  globals?: { locale?: string; viewport?: { value?: string } };
}

async function storiesOf(file: URL): Promise<Map<string, StoryExport>> {
  const mod = (await import(file.href)) as Record<string, unknown>;
  return new Map(Object.entries(mod).filter(([k]) => k !== 'default') as [string, StoryExport][]);
}

const cases = [
  ...exportedComponents().map((c) => ({ component: c, file: new URL(`stories/${c}.stories.tsx`, reactDir) })),
  ...STUDIO_COMPONENTS.map((c) => ({ component: c, file: new URL(`${c}.stories.tsx`, studioPages) })),
];

describe('stories for every component and state (issue 11 §7)', () => {
  it('finds the components react exports (the list is not empty by mistake)', () => {
    // named in the issue and the brief: these must be among them
    expect(exportedComponents()).toEqual(expect.arrayContaining(['PlanBuilder', 'Statement', 'TableGrid', 'ConditionsForm', 'PlanDiffView', 'WhatIfView', 'PreviewPanel', 'Explanation']));
  });

  for (const { component, file } of cases) {
    it(`${component} has a story for each state`, async () => {
      expect(existsSync(file), `${component}: no ${file.pathname}`).toBe(true);
      const stories = await storiesOf(file);
      const exempt = NOT_APPLICABLE.get(component) ?? new Map<StoryState, string>();
      for (const state of Object.keys(STATE) as StoryState[]) {
        if (exempt.has(state)) continue;
        const tagged = [...stories].filter(([, s]) => s.tags?.includes(STATE[state]));
        expect(tagged.length, `${component}: no story tagged ${STATE[state]}`).toBeGreaterThan(0);
        for (const [name, s] of tagged) {
          if (state === 'italian') expect(s.globals?.locale, `${component}.${name}`).toBe('it');
          if (state === 'mobile') expect(s.globals?.viewport?.value, `${component}.${name}`).toBe('phone390');
        }
      }
    });
  }

  it('the phone viewport the stories use is 390 px wide', async () => {
    const { PHONE_VIEWPORT } = await import('../stories/storyStates.js');
    expect(PHONE_VIEWPORT.phone390.styles.width).toBe('390px');
  });
});
