// core's Decimal is decimal.js's instance type, never `any`: the second assignment must NOT compile. If the type
// degraded to `any` (a default import of decimal.js resolved as CommonJS under `module: nodenext`), the expect-error
// directive below would be unused, and tsc reports an unused @ts-expect-error as an error (TS2578).
import { type Decimal, toDecimal } from '@provvigo/core';

const exact: Decimal = toDecimal('1.5').plus('0.25');
export const text: string = exact.toString();

// @ts-expect-error a Decimal is not a number
export const n: number = toDecimal('1.5');
