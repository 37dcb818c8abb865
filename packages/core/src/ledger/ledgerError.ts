import { BilingualError } from '../bilingualError.js';
import type { BothLanguages } from '../schema/common.js';

/** A thrown ledger error naming partner, line or agreement, in both languages (`message` is the English). */
export class LedgerError extends BilingualError {
  // `declare`, not a field: a field would be reset to undefined after BilingualError's constructor set it
  declare readonly messages: BothLanguages;
  readonly code: 'currency_mismatch' | 'period_order' | 'invalid_input';
  constructor(code: LedgerError['code'], message: BothLanguages) {
    super(message);
    this.name = 'LedgerError';
    this.code = code;
  }
}
