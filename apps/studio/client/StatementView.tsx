import type { ExplanationLabels, FiscalResult, LedgerEntry, Partner, PeriodStatement, Statement as RunStatement } from '@provvigo/core';
import { Statement } from '@provvigo/react';
import type { RecordFacts, UiLocale } from '@provvigo/react';
import type { ReactElement } from 'react';

/** GET /api/periods/:period/statements/:partner (server/routes/statements.ts): all from the approved run. */
export interface StatementResponse {
  statement: RunStatement;
  periodStatement?: PeriodStatement;
  partner?: Partner;
  fiscal?: FiscalResult | null;
  ledgerEntries?: LedgerEntry[];
  records?: Record<string, RecordFacts>;
  /** The reader's words for the plan's names, from the run's plan version (core's explanationLabels). */
  explanationLabels?: ExplanationLabels[];
}

/**
 * A partner's statement as the server sent it, for the staff's period page and the partner's portal alike, so both
 * show the same parts: the fiscal items only beside the period statement they belong to.
 */
export function StatementView({ data, locale, downloadHref }: { data: StatementResponse; locale: UiLocale; downloadHref?: string }): ReactElement {
  return (
    <Statement
      statement={data.statement}
      {...(data.periodStatement ? { periodStatement: data.periodStatement } : {})}
      {...(data.periodStatement && data.fiscal ? { fiscal: data.fiscal } : {})}
      {...(data.partner ? { partner: data.partner } : {})}
      ledgerEntries={data.ledgerEntries ?? []}
      records={data.records ?? {}}
      explanationLabels={data.explanationLabels ?? []}
      locale={locale}
      {...(downloadHref ? { downloadHref } : {})}
    />
  );
}
