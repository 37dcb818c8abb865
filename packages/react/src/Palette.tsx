/**
 * The plan builder's palette: the metric library and the payment conditions, each item dragged into the canvas.
 * Split from PlanBuilder.tsx; it renders inside the builder's DndContext.
 */
import type { MetricDefinition } from '@provvigo/core';
import type { ReactElement } from 'react';
import type { AuthoringMessages } from './authoringMessages.js';
import { CONDITION_TEMPLATES, DRAG_ID } from './builderLogic.js';
import type { ConditionKind } from './builderLogic.js';
import type { Messages, UiLocale } from './i18n.js';
import { PaletteItem } from './PaletteItem.js';

export interface PaletteProps {
  metrics: readonly MetricDefinition[];
  locale: UiLocale;
  t: Messages;
  m: AuthoringMessages;
}

/** The metrics, then the conditions, as draggable palette items. */
export function Palette({ metrics, locale, t, m }: PaletteProps): ReactElement {
  return (
    <aside className="pv-palette" aria-labelledby="pv-palette-title">
      <h2 id="pv-palette-title">{t.palette}</h2>
      <p className="pv-hint">{t.paletteHint}</p>
      <ul className="pv-palette-list">
        {metrics.map((metric) => (
          <PaletteItem key={metric.id} id={DRAG_ID.metric(metric.id)} item={{ type: 'metric', metricId: metric.id }} label={metric.label[locale]} help={metric.help[locale]} category={metric.category} categoryLabel={m.paletteKinds[metric.category] ?? metric.category} />
        ))}
      </ul>
      <h3>{t.conditions}</h3>
      <ul className="pv-palette-list">
        {(Object.keys(CONDITION_TEMPLATES) as ConditionKind[]).map((k) => (
          <PaletteItem key={k} id={DRAG_ID.condition(k)} item={{ type: 'condition', condition: k }} label={t[k]} category="condition" categoryLabel={m.paletteKinds.condition} />
        ))}
      </ul>
    </aside>
  );
}
