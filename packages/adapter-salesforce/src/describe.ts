import { z } from 'zod';
import type { SalesforceClient } from './client.js';
import { filterFields } from './filterFields.js';
import { mappingFormulas } from './formulaParents.js';
import type { FormulaRead } from './formulaReads.js';
import type { ObjectMapping, SalesforceConfig } from './mapping.js';
import { FIXED_BY_REFERENCE, isPolymorphic, polymorphicPathProblem, refusedPolymorphic } from './polymorphicParents.js';
import type { BothLanguages } from '@provvigo/core';
import type { ValueType } from '@provvigo/core/schema';

export const DescribeFieldSchema = z
  .object({
    name: z.string(),
    label: z.string().optional(),
    type: z.string(),
    nillable: z.boolean().optional(),
    relationshipName: z.string().nullable().optional(),
    referenceTo: z.array(z.string()).optional(),
    /** A formula field (or another field Salesforce works out when it is read). */
    calculated: z.boolean().optional(),
    /** A formula field's formula; null when there is none, or the integration user may not see it. */
    calculatedFormula: z.string().nullable().optional(),
    /** The reference can hold the Id of more than one object (WhatId, WhoId, a queue-owned OwnerId). */
    polymorphicForeignKey: z.boolean().optional(),
    /** The relationship reads through Salesforce's Name object (a polymorphic one). */
    namePointing: z.boolean().optional(),
  })
  .passthrough();
export type DescribeField = z.infer<typeof DescribeFieldSchema>;

export const DescribeSchema = z.object({ name: z.string(), label: z.string().optional(), fields: z.array(DescribeFieldSchema) }).passthrough();
export type Describe = z.infer<typeof DescribeSchema>;

const VersionsSchema = z.array(z.object({ version: z.string(), url: z.string() }).passthrough());

export async function describeObject(client: SalesforceClient, object: string): Promise<Describe> {
  return client.getJson(`${client.basePath}/sobjects/${object}/describe`, DescribeSchema, { en: `describe ${object}`, it: `describe di ${object}` });
}

/** Salesforce field types each Provvigo column type can be read from. */
const COMPATIBLE: Record<ValueType, string[]> = {
  text: ['id', 'string', 'textarea', 'picklist', 'multipicklist', 'reference', 'email', 'phone', 'url', 'combobox', 'encryptedstring', 'int', 'double', 'date', 'datetime', 'boolean', 'currency', 'percent'],
  money: ['currency', 'double', 'int', 'percent'],
  number: ['double', 'int', 'currency', 'percent'],
  percent: ['percent', 'double'],
  integer: ['int', 'double'],
  boolean: ['boolean'],
  date: ['date', 'datetime'],
};

/** The Salesforce types a column type reads; none for a type it does not know (own entries only). */
function compatibleTypes(type: string): string[] {
  return Object.hasOwn(COMPATIBLE, type) ? COMPATIBLE[type as ValueType] : [];
}

/** The relationship a field path reads through (`Partner__r` for `Partner__r.Active__c`), none for an own field. */
function relationshipOf(path: string): string | undefined {
  const dot = path.indexOf('.');
  return dot < 0 ? undefined : path.slice(0, dot);
}

/**
 * A relationship the sync reads a parent's fields through: the filter's fields and the columns read through it, and
 * the formula fields among them whose formula reads it, each with the references (`Partner__r.Active__c`) it holds.
 */
export interface ParentRelationship {
  filterFields: string[];
  columns: { column: string; field: string }[];
  formulas: { formula: string; paths: string[] }[];
}

/**
 * The relationships a mapping reads a parent's field through, in order, each with the filter's fields and the columns
 * read through it (`Partner__r` → filter `Partner__r.Active__c`, column `partnerId`): a change to such a parent moves
 * no SystemModstamp of the object's own records, so the sync reads their children again (parentChanges.ts). A field
 * that is a formula reading a parent (`formulas`, by mapped field: formulaParents.ts) reads through the formula's
 * relationships. Keyed by the relationship's name as configured (the describe's for a formula's, and one entry for
 * both however each spells it): a Map, never an object's members. A path through one of `polymorphic` (lower-cased
 * relationship names) is left out: validation lets through it only `Id` and `Type`, which the reference field itself
 * fixes, and the pass's `<relationship>.SystemModstamp` is no field of the Name object SOQL reads through it.
 */
export function parentRelationships(
  mapping: Pick<ObjectMapping, 'filter' | 'columns'>,
  formulas: ReadonlyMap<string, FormulaRead[]> = new Map(),
  polymorphic: ReadonlySet<string> = new Set(),
): Map<string, ParentRelationship> {
  const relationships = new Map<string, ParentRelationship>();
  const entry = (relationship: string): ParentRelationship => {
    const key = [...relationships.keys()].find((k) => k.toLowerCase() === relationship.toLowerCase()) ?? relationship;
    let found = relationships.get(key);
    if (!found) relationships.set(key, (found = { filterFields: [], columns: [], formulas: [] }));
    return found;
  };
  /** The relationships `field` reads through: its own path's, or its formula's; each noted with the formula. */
  const through = (field: string): ParentRelationship[] => {
    const relationship = relationshipOf(field);
    if (relationship !== undefined) return polymorphic.has(relationship.toLowerCase()) ? [] : [entry(relationship)];
    const found: ParentRelationship[] = [];
    for (const read of formulas.get(field) ?? []) {
      const e = entry(read.relationships[0]!);
      let note = e.formulas.find((f) => f.formula === read.formula);
      if (!note) e.formulas.push((note = { formula: read.formula, paths: [] }));
      if (!note.paths.includes(read.path)) note.paths.push(read.path);
      if (!found.includes(e)) found.push(e);
    }
    return found;
  };
  for (const field of filterFields(mapping.filter)) for (const e of through(field)) e.filterFields.push(field);
  for (const [column, spec] of Object.entries(mapping.columns)) for (const e of through(spec.field)) e.columns.push({ column, field: spec.field });
  return relationships;
}

/** A field of `object` the org does not have (or does not let the integration user read); `use` says where it is used (`filter` / `filtro`, `column amount` / `colonna amount`). */
const fieldNotFound = (object: string, path: string, use: BothLanguages): BothLanguages => ({
  en: `${object}.${path} (${use.en}): field not found; check the API name and field-level security for the integration user`,
  it: `${object}.${path} (${use.it}): campo non trovato; controlla il nome API e la sicurezza a livello di campo per l'utente di integrazione`,
});

/** The describe of each object, read once; null for an object the org does not have (NOT_FOUND). */
export function describer(client: SalesforceClient): (object: string) => Promise<Describe | null> {
  const cache = new Map<string, Describe | null>();
  return async (object) => {
    if (!cache.has(object)) {
      try {
        cache.set(object, await describeObject(client, object));
      } catch (error) {
        if ((error as { errorCode?: string }).errorCode === 'NOT_FOUND') cache.set(object, null);
        else throw error;
      }
    }
    return cache.get(object)!;
  };
}

/**
 * The field a path names from `root`, following relationship paths; undefined when any step is missing. Through a
 * polymorphic relationship only `Id` and `Type` resolve, as the Name object's (its `referenceTo[0]` is one object of
 * several, whose fields SOQL does not read through it).
 */
async function resolveField(root: Describe, path: string, describe: (object: string) => Promise<Describe | null>): Promise<DescribeField | undefined> {
  const parts = path.split('.');
  let current: Describe | null = root;
  let field: DescribeField | undefined;
  for (let i = 0; i < parts.length && current; i++) {
    const part = parts[i]!;
    if (i < parts.length - 1) {
      const rel: DescribeField | undefined = current.fields.find((f) => f.relationshipName === part);
      if (rel && isPolymorphic(rel)) return i === parts.length - 2 ? FIXED_BY_REFERENCE.get(parts[i + 1]!) : undefined;
      const target: string | undefined = rel?.referenceTo?.[0];
      current = target ? await describe(target) : null;
      if (!current) field = undefined;
    } else field = current.fields.find((f) => f.name === part);
  }
  return field;
}

/** The problems of one object's mapping: the object, the filter's fields, each column's field and type. */
async function objectProblems(mapping: ObjectMapping, describe: (object: string) => Promise<Describe | null>): Promise<BothLanguages[]> {
  const root = await describe(mapping.object);
  if (!root) {
    return [
      {
        en: `${mapping.object}: object not found or not readable; check the name and the integration user's object permissions`,
        it: `${mapping.object}: oggetto non trovato o non leggibile; controlla il nome e i permessi sugli oggetti dell'utente di integrazione`,
      },
    ];
  }
  const problems: BothLanguages[] = [];
  // filter fields too: a misspelt one would only fail at the first sync, as MALFORMED_QUERY
  // a path through a polymorphic relationship would be checked against one of its objects only: refused instead
  for (const path of filterFields(mapping.filter)) {
    const polymorphic = refusedPolymorphic(root, path);
    if (polymorphic) problems.push(polymorphicPathProblem(mapping.object, { field: path }, polymorphic));
    else if (!(await resolveField(root, path, describe))) problems.push(fieldNotFound(mapping.object, path, { en: 'filter', it: 'filtro' }));
  }
  for (const [column, spec] of Object.entries(mapping.columns)) {
    const polymorphic = refusedPolymorphic(root, spec.field);
    if (polymorphic) {
      problems.push(polymorphicPathProblem(mapping.object, { field: spec.field, column }, polymorphic));
      continue;
    }
    const field = await resolveField(root, spec.field, describe);
    const use = { en: `column ${column}`, it: `colonna ${column}` };
    if (!field) problems.push(fieldNotFound(mapping.object, spec.field, use));
    else if (!compatibleTypes(spec.type).includes(field.type)) {
      problems.push({
        en: `${mapping.object}.${spec.field} (${use.en}): Salesforce type ${field.type} cannot be read as ${spec.type}`,
        it: `${mapping.object}.${spec.field} (${use.it}): il tipo Salesforce ${field.type} non si può leggere come ${spec.type}`,
      });
    }
  }
  return problems;
}

/** The problems of a configuration against the org, in both languages. */
async function mappingProblems(client: SalesforceClient, config: SalesforceConfig): Promise<BothLanguages[]> {
  const versions = await client.getJson('/services/data/', VersionsSchema, { en: 'API versions', it: 'versioni delle API' });
  if (!versions.some((v) => v.version === config.apiVersion)) {
    const latest = versions.map((v) => v.version).sort((a, b) => Number(a) - Number(b)).at(-1);
    return [
      {
        en: `apiVersion ${config.apiVersion} is not offered by this org (latest ${latest ?? 'unknown'}); set apiVersion to a listed version`,
        it: `l'org non offre la versione API ${config.apiVersion} (la più recente è ${latest ?? 'sconosciuta'}); imposta apiVersion su una delle versioni offerte`,
      },
    ];
  }
  const describe = describer(client);
  const problems: BothLanguages[] = [];
  for (const mapping of config.objects) {
    problems.push(...(await objectProblems(mapping, describe)));
    // formula fields reading a parent further than the sync follows, or whose formula cannot be read
    problems.push(...(await mappingFormulas(mapping, describe)).problems);
  }
  return problems;
}

/**
 * Checks a configuration against the org's describe metadata before any data moves: every mapped object and field
 * (relationship paths followed) must exist and have a compatible type, and a formula field it reads must read no
 * further than a direct parent, with a formula describe returns (or be listed in `formulasNotFollowed`). Nothing may
 * read through a polymorphic relationship but its `Id` and `Type` (polymorphicParents.ts). Returns readable issues; empty means valid.
 * In English by default; with `{ languages: 'both' }` each issue in English and Italian (`{ en, it }`), in the same order.
 */
export async function validateMapping(client: SalesforceClient, config: SalesforceConfig): Promise<string[]>;
export async function validateMapping(client: SalesforceClient, config: SalesforceConfig, options: { languages: 'both' }): Promise<BothLanguages[]>;
export async function validateMapping(client: SalesforceClient, config: SalesforceConfig, options?: { languages: 'both' }): Promise<string[] | BothLanguages[]> {
  const problems = await mappingProblems(client, config);
  return options?.languages === 'both' ? problems : problems.map((p) => p.en);
}
