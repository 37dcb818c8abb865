/**
 * Why a path through a polymorphic relationship (`What.Partner_Code__c`, WhatId → Account, Opportunity, …) is refused.
 * Describe tells one by a reference field whose `referenceTo` lists more than one object (with `polymorphicForeignKey`
 * and `namePointing` true: SOQL and SOSL Reference, "Understanding Relationship Fields and Polymorphic Fields").
 * Through a plain path SOQL reaches only the fields of Salesforce's Name object (Id, Name, Type, FirstName, …): any
 * other field is INVALID_FIELD ("No such column '…' on entity 'Name'"), and the Name object has no SystemModstamp, so
 * the parent-change pass (`What.SystemModstamp`, parentChanges.ts) cannot follow the parent. TYPEOF would reach the
 * real objects' fields, but only in SELECT (no filter), and Bulk API queries refuse it. `What.Id` and `What.Type` are the
 * exception: SOQL reads them (`SELECT Id, Who.Id, Who.Type FROM Task`), and they are fixed by the reference field
 * itself, so a change to them moves the record's own SystemModstamp and there is nothing to follow.
 */
import type { BothLanguages } from '@provvigo/core';
import type { Describe, DescribeField } from './describe.js';
import { formulaSubject, type FieldUse } from './distantParents.js';
import { fieldUses } from './filterFields.js';
import type { ObjectMapping } from './mapping.js';

/** A relationship whose reference field can point to several objects. */
export interface Polymorphic {
  /** The relationship as describe names it (`What`). */
  relationship: string;
  /** The reference field holding the parent's Id (`WhatId`). */
  idField: string;
  /** The objects it can point to, as describe lists them. */
  targets: string[];
}

/** The fields of a polymorphic parent a path may read: fixed by the reference itself, as the Name object gives them. */
export const FIXED_BY_REFERENCE: ReadonlyMap<string, DescribeField> = new Map([
  ['Id', { name: 'Id', type: 'id' }],
  ['Type', { name: 'Type', type: 'picklist' }],
]);

/** Whether a reference field can point to several objects. */
export function isPolymorphic(field: DescribeField): boolean {
  return (field.referenceTo?.length ?? 0) > 1 || field.polymorphicForeignKey === true;
}

/** The polymorphic relationship of that name (not case-sensitive, as SOQL and formulas are not), if it is one. */
export function polymorphicRelationship(describe: Pick<Describe, 'fields'>, relationship: string): Polymorphic | undefined {
  const lower = relationship.toLowerCase();
  const field = describe.fields.find((f) => typeof f.relationshipName === 'string' && f.relationshipName.toLowerCase() === lower);
  if (!field || !isPolymorphic(field)) return undefined;
  return { relationship: field.relationshipName!, idField: field.name, targets: field.referenceTo ?? [] };
}

/** The polymorphic relationship a configured path goes through, unless it reads only `Id` or `Type` through it. */
export function refusedPolymorphic(root: Pick<Describe, 'fields'>, path: string): Polymorphic | undefined {
  const parts = path.split('.');
  if (parts.length < 2) return undefined;
  const found = polymorphicRelationship(root, parts[0]!);
  if (found && parts.length === 2 && FIXED_BY_REFERENCE.has(parts[1]!)) return undefined;
  return found;
}

/** `What, a polymorphic relationship (WhatId can point to Account, Opportunity)`. */
function named(p: Polymorphic): BothLanguages {
  const targets = p.targets.join(', ');
  return {
    en: `${p.relationship}, a polymorphic relationship (${p.idField} can point to ${targets})`,
    it: `${p.relationship}, una relazione polimorfica (${p.idField} può puntare a ${targets})`,
  };
}

/** What to configure instead: the reference's Id (or, for a filter, its Type), and the parent as its own mapping. */
function instead(p: Polymorphic, use: FieldUse): BothLanguages {
  const own = { en: 'and read the parent with a mapping of its own object', it: 'e leggi il genitore con una mappatura del suo oggetto' };
  if (use.column === undefined) {
    return {
      en: `filter on ${p.idField} or ${p.relationship}.Type (the parent's object) instead, ${own.en}`,
      it: `filtra invece su ${p.idField} o ${p.relationship}.Type (l'oggetto del genitore), ${own.it}`,
    };
  }
  return { en: `map ${p.idField} (the parent's Id) instead, ${own.en}`, it: `mappa invece ${p.idField} (l'Id del genitore), ${own.it}` };
}

/** The configuration's own filter field or column's field through a polymorphic relationship. */
export function polymorphicPathProblem(object: string, use: FieldUse, p: Polymorphic): BothLanguages {
  const rel = named(p);
  const why = {
    en: "through it SOQL reads only the fields of Salesforce's Name object (Id, Name, Type, …; any other fails the sync with INVALID_FIELD), which has no SystemModstamp, so a change to the parent could not be read again",
    it: "attraverso di essa SOQL legge solo i campi dell'oggetto Name di Salesforce (Id, Name, Type, …; ogni altro fa fallire la sincronizzazione con INVALID_FIELD), che non ha SystemModstamp, quindi una modifica al genitore non si potrebbe rileggere",
  };
  const then = instead(p, use);
  if (use.column === undefined) {
    return {
      en: `${object}: filter field ${use.field} goes through ${rel.en}: ${why.en}; ${then.en}`,
      it: `${object}: il campo del filtro ${use.field} passa per ${rel.it}: ${why.it}; ${then.it}`,
    };
  }
  return {
    en: `${object}: column ${use.column} reads ${use.field} through ${rel.en}: ${why.en}; ${then.en}`,
    it: `${object}: la colonna ${use.column} legge ${use.field} attraverso ${rel.it}: ${why.it}; ${then.it}`,
  };
}

/**
 * A formula field the mapping reads whose formula reads `path` through a polymorphic relationship, plainly
 * (`What.Partner_Code__c`) or with the formula's type prefix (`Owner:User.Email`): Salesforce works the formula out,
 * so the query succeeds, but the parent's change could only be followed through the Name object's SystemModstamp.
 */
export function polymorphicFormulaProblem(object: string, use: FieldUse, formula: string, path: string, p: Polymorphic): BothLanguages {
  const subject = formulaSubject(use, formula);
  const rel = named(p);
  const then = instead(p, use);
  return {
    en: `${object}: ${subject.en} that reads ${path} through ${rel.en}: SOQL reads through it only the fields of Salesforce's Name object, which has no SystemModstamp, so a change to the parent, which moves no SystemModstamp of ${object}, could not be read again; ${then.en}, or have the formula read no polymorphic relationship`,
    it: `${object}: ${subject.it} che legge ${path} attraverso ${rel.it}: attraverso di essa SOQL legge solo i campi dell'oggetto Name di Salesforce, che non ha SystemModstamp, quindi una modifica al genitore, che non cambia alcun SystemModstamp di ${object}, non si potrebbe rileggere; ${then.it}, o fai in modo che la formula non legga relazioni polimorfiche`,
  };
}

/** The configuration's filter fields and columns' fields through a polymorphic relationship, each refused, in order. */
export function polymorphicProblems(mapping: Pick<ObjectMapping, 'object' | 'filter' | 'columns'>, root: Pick<Describe, 'fields'>): BothLanguages[] {
  const problems: BothLanguages[] = [];
  for (const use of fieldUses(mapping)) {
    const p = refusedPolymorphic(root, use.field);
    if (p) problems.push(polymorphicPathProblem(mapping.object, use, p));
  }
  return problems;
}
