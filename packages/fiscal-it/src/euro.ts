import { Decimal, exactAmount, percentOf, roundTax, sumDecimals, taxAmount, taxMoney, type FiscalTraceRounding } from '@provvigo/core';

/**
 * The Italian pack's money, from core's one money module: every tax and contribution is computed in euro and rounded
 * half up to the cent, the euro's minor unit (the pack refuses statements in another currency). The helpers below
 * only name that denomination for the item functions; they round and format nothing themselves.
 */
export const IT_TAX_MONEY = taxMoney('EUR');

export const D = Decimal;
export type D = Decimal;

export const ZERO = new D(0);

export const dec = (v: string | number | D): D => new D(v);

/** An amount in euro at the cent, the wire format ("12.50", never "-0.00"). */
export const cents = (v: D): string => taxAmount(v, IT_TAX_MONEY);

/** An exact decimal string, nothing rounded ("8.5", "23"). */
export const plain = (v: D): string => exactAmount(v);

/** Rounds half up to the cent; the trace records the rounding when it moved the value. */
export const roundCent = (v: D, what: string, log: FiscalTraceRounding[]): D => roundTax(v, IT_TAX_MONEY, what, log);

export const sum = (values: Iterable<string | D>): D => sumDecimals(values);

export const pct = (v: D, percent: string | D): D => percentOf(v, percent);

export const clamp = (v: D, lo: D, hi: D): D => D.max(lo, D.min(hi, v));
