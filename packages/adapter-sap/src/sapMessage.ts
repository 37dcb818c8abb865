import { z } from 'zod';

/**
 * SAP Gateway's `sap-message` response header: a JSON object with code, message and severity, and further
 * messages under `details`. A 201 Created may carry warnings there (a posting period about to close, a duplicate
 * suspicion that did not block): the invoice is posted, and the warnings belong in the posting log.
 */
export interface SapMessage {
  code: string;
  message: string;
  severity: string;
  target?: string | undefined;
}

const Entry = z.object({ code: z.string().default(''), message: z.string().default(''), severity: z.string().default('info'), target: z.string().optional() }).passthrough();
const Header = Entry.extend({ details: z.array(Entry).optional() });

/** The messages of a `sap-message` header (empty when absent or unreadable: it never fails a posting). */
export function parseSapMessageHeader(value: string | null): SapMessage[] {
  if (!value) return [];
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return [{ code: '', message: value, severity: 'info' }];
  }
  const parsed = Header.safeParse(json);
  if (!parsed.success) return [];
  const pick = (e: z.infer<typeof Entry>): SapMessage => ({ code: e.code, message: e.message, severity: e.severity, ...(e.target ? { target: e.target } : {}) });
  return [pick(parsed.data), ...(parsed.data.details ?? []).map(pick)].filter((m) => m.code !== '' || m.message !== '');
}
