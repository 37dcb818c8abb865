/** A refusal the store itself raises (as opposed to core's run-transition errors). */
export class StoreError extends Error {
  constructor(
    readonly code:
      | 'period_exists'
      | 'period_unknown'
      | 'period_closed'
      | 'run_unknown'
      | 'run_immutable'
      | 'ledger_moved'
      | 'not_approved'
      | 'counts_unbalanced'
      | 'invalid_data'
      | 'period_order'
      | 'concurrent_change'
      | 'plan_unknown'
      | 'plan_version_in_use',
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
