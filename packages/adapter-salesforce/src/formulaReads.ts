/**
 * The parents a formula field reads. Salesforce works a formula field out when the record is read, so a formula
 * reading a parent (`Partner__r.Active__c`) changes with the parent while the record's own SystemModstamp stays, as a
 * configured `Partner__r.Active__c` does. Describe tells a formula field by `calculated: true` and gives its formula in
 * `calculatedFormula` (null when the user may not see it). The formula's field references are read by
 * @salto-io/salesforce-formula-parser's tokenizer (string literals, comments and function names are no references;
 * it throws on what it cannot read); a reference is a relationship only when its first part is the `relationshipName`
 * of one of the object's reference fields in the describe (`Partner__r`, the standard `Account`): `$User.Id`,
 * `$Setup.…` and any other name are not. Formula references are not case-sensitive, so neither is the match. A
 * polymorphic relationship is read in a formula with its object's name (`Owner:User.Email`), which the tokenizer gives
 * as two identifiers (`Owner`, `User.Email`): joined again into one reference through `Owner`.
 */
import { extractFormulaIdentifiers } from '@salto-io/salesforce-formula-parser';
import type { Describe, DescribeField } from './describe.js';
import { polymorphicRelationship } from './polymorphicParents.js';

/** One relationship reference of a formula. */
export interface FormulaRead {
  /** The formula field whose formula holds the reference: the one asked about, or a formula field its formula reads. */
  formula: string;
  /** The reference as the formula writes it (`Partner__r.Active__c`). */
  path: string;
  /** The relationships it goes through, the first by the describe's name (`['Partner__r']`, `['Partner__r', 'Owner']`). */
  relationships: string[];
}

/**
 * What a field's formula reads: its relationship references (none for a field that is no formula), and, when they
 * cannot all be known, the formula field whose formula describe did not return (`hidden`), the tokenizer could not
 * read (`unreadable`, with its reason), or that reads through a relationship describe does not show
 * (`unseenRelationship`: a dotted reference whose first part is no `relationshipName` of the object's reference fields;
 * Salesforce saved the formula, so the lookup exists, and field-level security hides it from the integration user).
 */
export interface FormulaVerdict {
  reads: FormulaRead[];
  hidden?: string;
  unreadable?: { formula: string; reason: string };
  unseenRelationship?: { formula: string; path: string };
}

const lower = (s: string) => s.toLowerCase();

/** The describe's field of that name, not case-sensitive (as formula references are). */
function fieldNamed(describe: Pick<Describe, 'fields'>, name: string): DescribeField | undefined {
  return describe.fields.find((f) => f.name === name) ?? describe.fields.find((f) => lower(f.name) === lower(name));
}

/**
 * A polymorphic relationship read with its object's name, `Owner:User.Email`, tokenized as `reference` (`Owner`, the
 * describe's `relationshipName` of a reference field that can point to several objects) and `next` (`User.Email`,
 * starting with one of those objects); undefined for anything else.
 */
function typedReference(describe: Pick<Describe, 'fields'>, reference: string, next: string | undefined): Omit<FormulaRead, 'formula'> | undefined {
  if (next === undefined) return undefined;
  const p = polymorphicRelationship(describe, reference);
  const parts = next.split('.');
  if (!p || parts.length < 2 || !p.targets.some((t) => lower(t) === lower(parts[0]!))) return undefined;
  return { path: `${reference}:${next}`, relationships: [p.relationship, ...parts.slice(1, -1)] };
}

/**
 * The relationships `field`'s formula reads, following the formula fields of the same object it reads (each once: a
 * formula cannot read itself, but the walk must end whatever describe says).
 */
export function formulaReads(describe: Pick<Describe, 'fields'>, field: string): FormulaVerdict {
  const verdict: FormulaVerdict = { reads: [] };
  const seen = new Set<string>();
  const visit = (name: string): boolean => {
    const f = fieldNamed(describe, name);
    if (f?.calculated !== true || seen.has(f.name)) return true;
    seen.add(f.name);
    if (typeof f.calculatedFormula !== 'string' || f.calculatedFormula.trim() === '') {
      verdict.hidden = f.name;
      return false;
    }
    let references: string[];
    try {
      references = extractFormulaIdentifiers(f.calculatedFormula);
    } catch (error) {
      verdict.unreadable = { formula: f.name, reason: String((error as Error).message ?? error).split('\n')[0]! };
      return false;
    }
    for (let k = 0; k < references.length; k++) {
      const reference = references[k]!;
      if (!/^[A-Za-z]/.test(reference)) continue; // $User.…, $Setup.…: globals, no field of the record
      const parts = reference.split('.');
      if (parts.length === 1) {
        const typed = typedReference(describe, reference, references[k + 1]);
        if (typed) {
          verdict.reads.push({ formula: f.name, ...typed });
          k++;
        } else if (!visit(reference)) return false;
        continue;
      }
      const lookup = describe.fields.find((x) => typeof x.relationshipName === 'string' && lower(x.relationshipName) === lower(parts[0]!));
      if (!lookup) {
        // ignored, a parent the formula reads would go unfollowed without a word
        verdict.unseenRelationship = { formula: f.name, path: reference };
        return false;
      }
      verdict.reads.push({ formula: f.name, path: reference, relationships: [lookup.relationshipName!, ...parts.slice(1, -1)] });
    }
    return true;
  };
  visit(field);
  return verdict;
}
