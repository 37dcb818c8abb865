// Which relationships a formula field reads: the formula's references (Salesforce formula syntax, tokenized by
// @salto-io/salesforce-formula-parser) whose first part is the `relationshipName` of one of the object's reference
// fields in its describe. Describe results written out by hand, as Salesforce returns them (`calculated`,
// `calculatedFormula`, `relationshipName`, `referenceTo` on each field).
import { describe, expect, it } from 'vitest';
import { formulaReads } from '../src/formulaReads.js';

describe('the relationships a formula reads', () => {
  const field = (name: string, formula?: string | null, extra: Record<string, unknown> = {}) => ({
    name,
    type: 'string',
    calculated: formula !== undefined,
    calculatedFormula: formula ?? null,
    ...extra,
  });
  const CONTRACT = {
    name: 'Contract',
    fields: [
      field('Id'),
      field('Partner__c', undefined, { type: 'reference', relationshipName: 'Partner__r', referenceTo: ['Account'] }),
      field('AccountId', undefined, { type: 'reference', relationshipName: 'Account', referenceTo: ['Account'] }),
      field('Status'),
      field('Mixed__c', 'IF($User.IsActive && ISPICKVAL(Status, "Activated"), partner__r.Code__c, "Partner__r.Name") /* Account.Name */ & $Setup.Cfg__c.Code__c'),
      field('Standard__c', 'Account.Name & Account.Owner.Name'),
      field('Outer__c', 'Inner__c & Status'),
      field('Inner__c', 'Partner__r.Active__c'),
      field('Loop_A__c', 'Loop_B__c'),
      field('Loop_B__c', 'Loop_A__c'),
      field('Hidden__c', null),
      field('Reads_Hidden__c', 'Hidden__c & Status'),
    ],
  };

  it("matches the describe's relationship names, not strings, comments, $ globals or fields", () => {
    // partner__r is Partner__r (formula references are not case-sensitive); the string and the comment are text
    expect(formulaReads(CONTRACT, 'Mixed__c')).toEqual({ reads: [{ formula: 'Mixed__c', path: 'partner__r.Code__c', relationships: ['Partner__r'] }] });
    expect(formulaReads(CONTRACT, 'Standard__c')).toEqual({
      reads: [
        { formula: 'Standard__c', path: 'Account.Name', relationships: ['Account'] },
        { formula: 'Standard__c', path: 'Account.Owner.Name', relationships: ['Account', 'Owner'] },
      ],
    });
    expect(formulaReads(CONTRACT, 'Status')).toEqual({ reads: [] });
  });

  it('follows a formula field the formula reads, once, and names one whose formula describe does not return', () => {
    expect(formulaReads(CONTRACT, 'Outer__c')).toEqual({ reads: [{ formula: 'Inner__c', path: 'Partner__r.Active__c', relationships: ['Partner__r'] }] });
    expect(formulaReads(CONTRACT, 'Loop_A__c')).toEqual({ reads: [] });
    expect(formulaReads(CONTRACT, 'Hidden__c')).toEqual({ reads: [], hidden: 'Hidden__c' });
    expect(formulaReads(CONTRACT, 'Reads_Hidden__c')).toEqual({ reads: [], hidden: 'Hidden__c' });
  });
});
