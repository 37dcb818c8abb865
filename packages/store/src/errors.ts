import { BilingualError, type BothLanguages } from '@provvigo/core';

/**
 * A refusal the store itself raises (as opposed to core's run-transition errors). Every refusal the store raises
 * carries its text in English and Italian (`messages`), so a caller can show it in the user's language; `message` is
 * always the English text. A refusal of data the store cannot keep or read back (`invalid_data`) names the field as
 * the caller wrote it (`at`, `opening balance 2: partnerId`) in both languages and keeps any reason from zod or core
 * inside it in English; `messages` is undefined only for a StoreError built elsewhere from one string.
 */
export class StoreError extends BilingualError {
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
      | 'plan_version_in_use'
      | 'inquiry_unknown'
      | 'inquiry_answered'
      | 'inquiry_limit',
    message: string | BothLanguages,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
