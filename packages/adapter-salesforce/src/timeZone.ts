/**
 * The zone a Salesforce datetime mapped to a `date` column takes its day in when the mapping names none: where the
 * commissions are paid, as the billing adapter's default. The conversion itself is core's `calendarDateIn`.
 */
export const DEFAULT_TIME_ZONE = 'Europe/Rome';
