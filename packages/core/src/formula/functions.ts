/**
 * The vetted function subset a plan formula may use (hyperformula.md §5.1): each has an arity, argument kinds for
 * type checking, a result type, and an implementation in the exact-decimal interpreter. Anything else is rejected at
 * plan-save time, so formulas stay data and never reach arbitrary engine features (volatile, OFFSET, INDIRECT…).
 */
export type ValueKind = 'number' | 'text' | 'boolean' | 'any' | 'range';
export type ArgKind = 'number' | 'text' | 'boolean' | 'any' | 'range' | 'criteria' | 'tablecolumn' | 'tiertable';

export interface FunctionSpec {
  min: number;
  max: number;
  /** Kinds of the arguments; the last one repeats for variadic functions. */
  args: ArgKind[];
  returns: ValueKind | 'branches' | 'tablecolumn';
  /** Aggregates fold their arguments; inside a line column they are rewritten element-wise for array evaluation. */
  aggregate?: boolean;
  /** Italian name (HyperFormula itIT pack for built-ins; ours for RATE and TIER.*). */
  it: string;
  help: { en: string; it: string };
}

const n = (en: string, it: string) => ({ en, it });
const INF = 255;

export const FUNCTIONS: Record<string, FunctionSpec> = {
  IF: { min: 2, max: 3, args: ['boolean', 'any', 'any'], returns: 'branches', it: 'SE', help: n('IF(condition, then, else)', 'SE(condizione; allora; altrimenti)') },
  IFERROR: { min: 2, max: 2, args: ['any', 'any'], returns: 'branches', it: 'SE.ERRORE', help: n('IFERROR(value, fallback)', 'SE.ERRORE(valore; alternativa)') },
  AND: { min: 1, max: INF, args: ['boolean'], returns: 'boolean', aggregate: true, it: 'E', help: n('AND(a, b, …): all true', 'E(a; b; …): tutte vere') },
  OR: { min: 1, max: INF, args: ['boolean'], returns: 'boolean', aggregate: true, it: 'O', help: n('OR(a, b, …): any true', 'O(a; b; …): almeno una vera') },
  NOT: { min: 1, max: 1, args: ['boolean'], returns: 'boolean', it: 'NON', help: n('NOT(condition)', 'NON(condizione)') },
  ISBLANK: { min: 1, max: 1, args: ['any'], returns: 'boolean', it: 'VAL.VUOTO', help: n('ISBLANK(value): TRUE when the value is missing (an empty cell or optional field)', 'VAL.VUOTO(valore): VERO quando il valore manca (cella vuota o campo facoltativo)') },
  PAYOUTS: { min: 0, max: 0, args: [], returns: 'number', it: 'PROVVIGIONI', help: n('PAYOUTS(): the sum of every other payout of the plan for this partner (before rounding), kept up to date as payouts are added', 'PROVVIGIONI(): la somma di ogni altra provvigione del piano per il partner (prima dell’arrotondamento), sempre aggiornata quando se ne aggiungono') },
  MIN: { min: 1, max: INF, args: ['number'], returns: 'number', aggregate: true, it: 'MIN', help: n('MIN(a, b, …)', 'MIN(a; b; …)') },
  MAX: { min: 1, max: INF, args: ['number'], returns: 'number', aggregate: true, it: 'MAX', help: n('MAX(a, b, …)', 'MAX(a; b; …)') },
  SUM: { min: 1, max: INF, args: ['number'], returns: 'number', aggregate: true, it: 'SOMMA', help: n('SUM(values)', 'SOMMA(valori)') },
  AVERAGE: { min: 1, max: INF, args: ['number'], returns: 'number', aggregate: true, it: 'MEDIA', help: n('AVERAGE(values)', 'MEDIA(valori)') },
  COUNT: { min: 1, max: INF, args: ['any'], returns: 'number', aggregate: true, it: 'CONTA.NUMERI', help: n('COUNT(values): how many numbers', 'CONTA.NUMERI(valori): quanti numeri') },
  COUNTA: { min: 1, max: INF, args: ['any'], returns: 'number', aggregate: true, it: 'CONTA.VALORI', help: n('COUNTA(values): how many non-empty', 'CONTA.VALORI(valori): quanti non vuoti') },
  COUNTIF: { min: 2, max: 2, args: ['range', 'criteria'], returns: 'number', it: 'CONTA.SE', help: n('COUNTIF(range, criterion)', 'CONTA.SE(intervallo; criterio)') },
  COUNTIFS: { min: 2, max: INF, args: ['range', 'criteria'], returns: 'number', it: 'CONTA.PIÙ.SE', help: n('COUNTIFS(range1, criterion1, …)', 'CONTA.PIÙ.SE(intervallo1; criterio1; …)') },
  SUMIF: { min: 2, max: 3, args: ['range', 'criteria', 'range'], returns: 'number', it: 'SOMMA.SE', help: n('SUMIF(range, criterion, sum_range)', 'SOMMA.SE(intervallo; criterio; int_somma)') },
  SUMIFS: { min: 3, max: INF, args: ['range', 'range', 'criteria'], returns: 'number', it: 'SOMMA.PIÙ.SE', help: n('SUMIFS(sum_range, range1, criterion1, …)', 'SOMMA.PIÙ.SE(int_somma; intervallo1; criterio1; …)') },
  AVERAGEIF: { min: 2, max: 3, args: ['range', 'criteria', 'range'], returns: 'number', it: 'MEDIA.SE', help: n('AVERAGEIF(range, criterion, average_range)', 'MEDIA.SE(intervallo; criterio; int_media)') },
  ROUND: { min: 2, max: 2, args: ['number', 'number'], returns: 'number', it: 'ARROTONDA', help: n('ROUND(value, digits)', 'ARROTONDA(valore; cifre)') },
  ROUNDUP: { min: 2, max: 2, args: ['number', 'number'], returns: 'number', it: 'ARROTONDA.PER.ECC', help: n('ROUNDUP(value, digits)', 'ARROTONDA.PER.ECC(valore; cifre)') },
  ROUNDDOWN: { min: 2, max: 2, args: ['number', 'number'], returns: 'number', it: 'ARROTONDA.PER.DIF', help: n('ROUNDDOWN(value, digits)', 'ARROTONDA.PER.DIF(valore; cifre)') },
  ABS: { min: 1, max: 1, args: ['number'], returns: 'number', it: 'ASS', help: n('ABS(value)', 'ASS(valore)') },
  INT: { min: 1, max: 1, args: ['number'], returns: 'number', it: 'INT', help: n('INT(value): round down to an integer', 'INT(valore): arrotonda all’intero inferiore') },
  MOD: { min: 2, max: 2, args: ['number', 'number'], returns: 'number', it: 'RESTO', help: n('MOD(value, divisor)', 'RESTO(valore; divisore)') },
  DATE: { min: 3, max: 3, args: ['number', 'number', 'number'], returns: 'number', it: 'DATA', help: n('DATE(year, month, day)', 'DATA(anno; mese; giorno)') },
  YEAR: { min: 1, max: 1, args: ['number'], returns: 'number', it: 'ANNO', help: n('YEAR(date)', 'ANNO(data)') },
  MONTH: { min: 1, max: 1, args: ['number'], returns: 'number', it: 'MESE', help: n('MONTH(date)', 'MESE(data)') },
  DAY: { min: 1, max: 1, args: ['number'], returns: 'number', it: 'GIORNO', help: n('DAY(date)', 'GIORNO(data)') },
  DAYS: { min: 2, max: 2, args: ['number', 'number'], returns: 'number', it: 'GIORNI', help: n('DAYS(end, start)', 'GIORNI(fine; inizio)') },
  RATE: { min: 2, max: 5, args: ['tablecolumn', 'any'], returns: 'tablecolumn', it: 'TARIFFA', help: n('RATE(Table[Column], key1, key2, …): the value of the table row matching the keys', 'TARIFFA(Tabella[Colonna]; chiave1; chiave2; …): il valore della riga che corrisponde alle chiavi') },
  'TIER.AMOUNT': { min: 2, max: 2, args: ['tiertable', 'number'], returns: 'number', it: 'SCAGLIONE.IMPORTO', help: n('TIER.AMOUNT(Tiers, quantity): the amount the tier table pays for a quantity (marginal or retroactive as declared)', 'SCAGLIONE.IMPORTO(Scaglioni; quantità): l’importo per la quantità (marginale o retroattivo come dichiarato)') },
  'TIER.RATE': { min: 2, max: 2, args: ['tiertable', 'number'], returns: 'number', it: 'SCAGLIONE.ALIQUOTA', help: n('TIER.RATE(Tiers, quantity): the rate of the band the quantity reaches', 'SCAGLIONE.ALIQUOTA(Scaglioni; quantità): l’aliquota dello scaglione raggiunto') },
  'TIER.BAND': { min: 2, max: 2, args: ['tiertable', 'number'], returns: 'number', it: 'SCAGLIONE.FASCIA', help: n('TIER.BAND(Tiers, quantity): the number of the band reached (1 = first)', 'SCAGLIONE.FASCIA(Scaglioni; quantità): il numero dello scaglione raggiunto (1 = primo)') },
};

/** Italian name → canonical name, for parsing formulas written with Italian function names. */
export const FUNCTIONS_BY_ITALIAN_NAME: Record<string, string> = Object.fromEntries(
  Object.entries(FUNCTIONS).map(([name, spec]) => [spec.it, name]),
);
