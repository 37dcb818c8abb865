/**
 * The formula fields a mapping reads (a filter field, a column's field) and the parents their formulas read. A formula
 * reading a direct parent (`Partner_Active__c = Partner__r.Active__c`) is followed as if the configuration read
 * `Partner__r.Active__c` itself (parentChanges.ts). One reading further (`Partner__r.Owner.IsActive`, or a parent's
 * formula field that reads its own parent) is refused, as the configuration's own two-relationship paths are
 * (distantParents.ts); so is a formula reading through a polymorphic relationship (polymorphicParents.ts), unless
 * only its `Id` or `Type`, which nothing needs to follow; so is a formula describe does not return, since what it
 * reads cannot be told, unless the mapping's `formulasNotFollowed` names it.
 */
import type { BothLanguages } from '@provvigo/core';
import type { Describe } from './describe.js';
import { fieldUses } from './filterFields.js';
import { distantFormulaProblem, formulaSubject, type FieldUse } from './distantParents.js';
import { formulaReads, type FormulaRead, type FormulaVerdict } from './formulaReads.js';
import type { ObjectMapping } from './mapping.js';
import { FIXED_BY_REFERENCE, polymorphicFormulaProblem, polymorphicRelationship } from './polymorphicParents.js';

/** What the mapping's formula fields read: the direct parents the sync follows, by mapped field, and the refusals. */
export interface MappingFormulas {
  /** The object's own formula fields the mapping reads → the direct-parent references of their formulas. */
  reads: Map<string, FormulaRead[]>;
  problems: BothLanguages[];
}

/**
 * What the formula behind a mapped field reads, seen from the mapped object: an own field's formula as it is, a
 * direct parent's field's (`Partner__r.Score__c`) with that relationship in front. Undefined for a path that does not
 * resolve (reported by validateMapping as a field not found), or goes through a polymorphic relationship (refused
 * by validateMapping as such: its `referenceTo[0]` is one parent of several).
 */
async function verdictOf(root: Describe, path: string, describe: (object: string) => Promise<Describe | null>): Promise<FormulaVerdict | undefined> {
  const parts = path.split('.');
  if (parts.length === 1) return formulaReads(root, path);
  if (parts.length !== 2) return undefined; // more relationships: refused by the configuration's schema
  const [relationship, field] = parts as [string, string];
  if (polymorphicRelationship(root, relationship)) return undefined;
  const target = root.fields.find((f) => f.relationshipName === relationship)?.referenceTo?.[0];
  const parent = target ? await describe(target) : null;
  if (!parent) return undefined;
  const verdict = formulaReads(parent, field);
  const prefixed = (name: string) => `${relationship}.${name}`;
  return {
    reads: verdict.reads.map((r) => ({ formula: prefixed(r.formula), path: prefixed(r.path), relationships: [relationship, ...r.relationships] })),
    ...(verdict.hidden === undefined ? {} : { hidden: prefixed(verdict.hidden) }),
    ...(verdict.unreadable === undefined ? {} : { unreadable: { ...verdict.unreadable, formula: prefixed(verdict.unreadable.formula) } }),
    ...(verdict.unseenRelationship === undefined ? {} : { unseenRelationship: { formula: prefixed(verdict.unseenRelationship.formula), path: verdict.unseenRelationship.path } }),
  };
}

/** `What.Id`, `What.Type` (not `Owner:User.Id`): read through a polymorphic relationship, fixed by its reference field. */
function fixedByReference(path: string): boolean {
  const parts = path.split('.');
  return parts.length === 2 && !parts[0]!.includes(':') && FIXED_BY_REFERENCE.has(parts[1]!);
}

/** A formula that cannot be read (describe withheld it, or the tokenizer failed): what it may read cannot be told. */
function unknownFormulaProblem(object: string, use: FieldUse, formula: string, reason: string | undefined): BothLanguages {
  const subject = formulaSubject(use, formula);
  const why =
    reason === undefined
      ? {
          en: ' whose formula describe does not return to the integration user (calculated, no calculatedFormula)',
          it: " la cui formula describe non restituisce all'utente di integrazione (calculated, senza calculatedFormula)",
        }
      : { en: ` whose formula could not be read (${reason})`, it: ` la cui formula non si è potuta leggere (${reason})` };
  const grant =
    reason === undefined
      ? {
          en: 'let your Salesforce administrator grant the integration user the permission describe needs to return the formula (its profile or permission set), or ',
          it: 'chiedi all\'amministratore Salesforce di concedere all\'utente di integrazione il permesso che serve perché describe restituisca la formula (profilo o set di autorizzazioni), o ',
        }
      : { en: '', it: '' };
  return {
    en: `${object}: ${subject.en}${why.en}: whether it reads a parent, whose changes would have to be read again, cannot be told; ${grant.en}list ${formula} in the mapping's formulasNotFollowed to accept that a change to a parent it reads is not followed`,
    it: `${object}: ${subject.it}${why.it}: non si può sapere se legge un genitore, le cui modifiche andrebbero rilette; ${grant.it}elenca ${formula} in formulasNotFollowed della mappatura per accettare che una modifica a un genitore che legge non venga seguita`,
  };
}

/** A formula reading through a relationship describe does not show the integration user: its parent cannot be followed. */
function unseenRelationshipProblem(object: string, use: FieldUse, formula: string, path: string): BothLanguages {
  const subject = formulaSubject(use, formula);
  const relationship = path.split('.')[0]!;
  return {
    en: `${object}: ${subject.en} that reads ${path} through ${relationship}, a relationship describe does not show the integration user (no reference field of ${object} has that relationshipName: field-level security hides it): a change to that parent cannot be followed; let your Salesforce administrator give the integration user read access to the lookup field, or list ${formula} in the mapping's formulasNotFollowed to accept that a change to it is not followed`,
    it: `${object}: ${subject.it} che legge ${path} attraverso ${relationship}, una relazione che describe non mostra all'utente di integrazione (nessun campo di riferimento di ${object} ha quel relationshipName: la sicurezza a livello di campo la nasconde): una modifica a quel genitore non può essere seguita; chiedi all'amministratore Salesforce di dare all'utente di integrazione l'accesso in lettura al campo di ricerca, o elenca ${formula} in formulasNotFollowed della mappatura per accettare che una sua modifica non venga seguita`,
  };
}

/**
 * The parents the mapping's formula fields read, and the refusals: a formula reading through two relationships or
 * more, one that cannot be read and is not in `formulasNotFollowed`. Parents' formula fields are looked at too (any
 * relationship they read is a second one), so `describe` is asked for the object and the parents the mapping reads.
 */
export async function mappingFormulas(mapping: ObjectMapping, describe: (object: string) => Promise<Describe | null>): Promise<MappingFormulas> {
  const result: MappingFormulas = { reads: new Map(), problems: [] };
  const root = await describe(mapping.object);
  if (!root) return result;
  const accepted = new Set(mapping.formulasNotFollowed ?? []);
  for (const use of fieldUses(mapping)) {
    const verdict = await verdictOf(root, use.field, describe);
    if (!verdict) continue;
    const unknown = verdict.hidden ?? verdict.unreadable?.formula;
    if (unknown !== undefined && !accepted.has(unknown)) result.problems.push(unknownFormulaProblem(mapping.object, use, unknown, verdict.unreadable?.reason));
    const unseen = verdict.unseenRelationship;
    if (unseen && !accepted.has(unseen.formula)) result.problems.push(unseenRelationshipProblem(mapping.object, use, unseen.formula, unseen.path));
    const direct: FormulaRead[] = [];
    for (const read of verdict.reads) {
      if (read.relationships.length > 1) {
        result.problems.push(distantFormulaProblem(mapping.object, use, read.formula, read.path, read.relationships));
        continue;
      }
      const polymorphic = polymorphicRelationship(root, read.relationships[0]!);
      if (!polymorphic) direct.push(read);
      else if (!fixedByReference(read.path)) result.problems.push(polymorphicFormulaProblem(mapping.object, use, read.formula, read.path, polymorphic));
    }
    if (direct.length > 0 && !result.reads.has(use.field)) result.reads.set(use.field, direct);
  }
  return result;
}
