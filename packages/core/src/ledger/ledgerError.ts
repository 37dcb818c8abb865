/** A thrown ledger error naming partner, line or agreement. */
export class LedgerError extends Error {
  readonly code: 'currency_mismatch' | 'period_order' | 'invalid_input';
  constructor(code: LedgerError['code'], message: string) {
    super(message);
    this.name = 'LedgerError';
    this.code = code;
  }
}
