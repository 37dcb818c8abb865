/**
 * Why a field read through two relationships or more (`Partner__r.Owner.IsActive`) is refused, whether the
 * configuration names it (a filter field, a column's field) or a formula field it maps reads it. The sync reads again
 * the records whose direct parent changed (`Partner__r.SystemModstamp`, parentChanges.ts); a change to the parent's
 * parent moves neither SystemModstamp, so such a record would keep its place in the fact table, or stay out of it,
 * whatever the filter now says, and a column would keep the value it was first read with.
 */
import type { BothLanguages } from '@provvigo/core';

/** What a change two relationships away does not move, and what the sync reads again instead. */
function movesNeither(object: string, parent: string): BothLanguages {
  return {
    en: `a change to that record moves neither ${object}'s SystemModstamp nor ${parent}'s, and only a direct parent's changes are read again`,
    it: `una modifica a quel record non cambia il SystemModstamp né di ${object} né di ${parent}, e si rileggono solo le modifiche di un genitore diretto`,
  };
}

/** The configuration's own filter field or column's field through two relationships or more; undefined for fewer. */
export function distantParentProblem(object: string, field: string, column?: string): BothLanguages | undefined {
  const relationships = field.split('.').slice(0, -1);
  if (relationships.length < 2) return undefined;
  const path = relationships.join('.');
  const moves = movesNeither(object, relationships[0]!);
  if (column === undefined) {
    return {
      en: `${object}: filter field ${field} goes through ${relationships.length} relationships (${path}): ${moves.en}; filter on a field of ${object} or of a direct parent (one relationship)`,
      it: `${object}: il campo del filtro ${field} passa per ${relationships.length} relazioni (${path}): ${moves.it}; filtra su un campo di ${object} o di un genitore diretto (una sola relazione)`,
    };
  }
  return {
    en: `${object}: column ${column} reads ${field} through ${relationships.length} relationships (${path}): ${moves.en}, so the column would keep a stale value; map a field of ${object} or of a direct parent (one relationship)`,
    it: `${object}: la colonna ${column} legge ${field} attraverso ${relationships.length} relazioni (${path}): ${moves.it}, quindi la colonna resterebbe con un valore superato; mappa un campo di ${object} o di un genitore diretto (una sola relazione)`,
  };
}

/** Where the mapping reads a field: its filter, or a column (named). */
export interface FieldUse {
  field: string;
  column?: string | undefined;
}

/**
 * The configuration's field and what it is, in both languages: `filter field Partner_Active__c is` / `column
 * partnerActive reads Partner_Active__c,` followed by `a formula field …`; `formula` names the formula field the
 * mapped one reads when they differ (a formula reading another formula field).
 */
export function formulaSubject(use: FieldUse, formula: string): BothLanguages {
  const other = formula === use.field ? undefined : formula;
  if (use.column === undefined) {
    return other === undefined
      ? { en: `filter field ${use.field} is a formula field`, it: `il campo del filtro ${use.field} è un campo formula` }
      : { en: `filter field ${use.field} reads ${other}, a formula field`, it: `il campo del filtro ${use.field} legge ${other}, un campo formula` };
  }
  const read = other === undefined ? use.field : `${use.field}, which reads ${other}`;
  const letto = other === undefined ? use.field : `${use.field}, che legge ${other}`;
  return { en: `column ${use.column} reads ${read}, a formula field`, it: `la colonna ${use.column} legge ${letto}, un campo formula` };
}

/**
 * A formula field the mapping reads whose formula goes through two relationships or more (`Partner__r.Owner.IsActive`,
 * `relationships` the relationships on the way, the first the object's own): refused like the configuration's own.
 */
export function distantFormulaProblem(object: string, use: FieldUse, formula: string, path: string, relationships: string[]): BothLanguages {
  const subject = formulaSubject(use, formula);
  const through = { en: `through ${relationships.length} relationships (${relationships.join('.')})`, it: `attraverso ${relationships.length} relazioni (${relationships.join('.')})` };
  const moves = movesNeither(object, relationships[0]!);
  const instead =
    use.column === undefined
      ? { en: `filter on a field of ${object} or of a direct parent (one relationship)`, it: `filtra su un campo di ${object} o di un genitore diretto (una sola relazione)` }
      : { en: `map a field of ${object} or of a direct parent (one relationship)`, it: `mappa un campo di ${object} o di un genitore diretto (una sola relazione)` };
  const stale = use.column === undefined ? { en: '', it: '' } : { en: ', so the column would keep a stale value', it: ', quindi la colonna resterebbe con un valore superato' };
  return {
    en: `${object}: ${subject.en} that reads ${path} ${through.en}: ${moves.en}${stale.en}; ${instead.en}, or have the formula read direct parents only`,
    it: `${object}: ${subject.it} che legge ${path} ${through.it}: ${moves.it}${stale.it}; ${instead.it}, o fai leggere alla formula solo genitori diretti`,
  };
}
