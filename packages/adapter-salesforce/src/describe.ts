import { z } from 'zod';
import type { SalesforceClient } from './client.js';
import type { Filter, SalesforceConfig } from './mapping.js';
import type { ValueType } from '@provvigo/core/schema';

export const DescribeFieldSchema = z
  .object({
    name: z.string(),
    label: z.string().optional(),
    type: z.string(),
    nillable: z.boolean().optional(),
    relationshipName: z.string().nullable().optional(),
    referenceTo: z.array(z.string()).optional(),
  })
  .passthrough();
export type DescribeField = z.infer<typeof DescribeFieldSchema>;

export const DescribeSchema = z.object({ name: z.string(), label: z.string().optional(), fields: z.array(DescribeFieldSchema) }).passthrough();
export type Describe = z.infer<typeof DescribeSchema>;

const VersionsSchema = z.array(z.object({ version: z.string(), url: z.string() }).passthrough());

export async function describeObject(client: SalesforceClient, object: string): Promise<Describe> {
  return client.getJson(`${client.basePath}/sobjects/${object}/describe`, DescribeSchema, `describe ${object}`);
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

/** The field paths a filter compares, in order, each once. */
export function filterFields(filter: Filter | undefined): string[] {
  if (!filter) return [];
  if ('all' in filter) return [...new Set(filter.all.flatMap(filterFields))];
  if ('any' in filter) return [...new Set(filter.any.flatMap(filterFields))];
  if ('not' in filter) return filterFields(filter.not);
  return [filter.field];
}

/**
 * Checks a configuration against the org's describe metadata before any data moves: every mapped object and field
 * (relationship paths followed) must exist and have a compatible type. Returns readable issues; empty means valid.
 */
export async function validateMapping(client: SalesforceClient, config: SalesforceConfig): Promise<string[]> {
  const issues: string[] = [];
  const versions = await client.getJson('/services/data/', VersionsSchema, 'API versions');
  if (!versions.some((v) => v.version === config.apiVersion)) {
    const latest = versions.map((v) => v.version).sort((a, b) => Number(a) - Number(b)).at(-1);
    issues.push(`apiVersion ${config.apiVersion} is not offered by this org (latest ${latest ?? 'unknown'}); set apiVersion to a listed version`);
    return issues;
  }
  const cache = new Map<string, Describe | null>();
  const describe = async (object: string): Promise<Describe | null> => {
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
  for (const mapping of config.objects) {
    const root = await describe(mapping.object);
    if (!root) {
      issues.push(`${mapping.object}: object not found or not readable; check the name and the integration user's object permissions`);
      continue;
    }
    const resolve = async (path: string): Promise<DescribeField | undefined> => {
      const parts = path.split('.');
      let current: Describe | null = root;
      let field: DescribeField | undefined;
      for (let i = 0; i < parts.length && current; i++) {
        const part = parts[i]!;
        if (i < parts.length - 1) {
          const rel: DescribeField | undefined = current.fields.find((f) => f.relationshipName === part);
          const target: string | undefined = rel?.referenceTo?.[0];
          current = target ? await describe(target) : null;
          if (!current) field = undefined;
        } else field = current.fields.find((f) => f.name === part);
      }
      return field;
    };
    // filter fields too: a misspelt one would only fail at the first sync, as MALFORMED_QUERY
    for (const path of filterFields(mapping.filter)) {
      if (!(await resolve(path))) {
        issues.push(`${mapping.object}.${path} (filter): field not found; check the API name and field-level security for the integration user`);
      }
    }
    for (const [column, spec] of Object.entries(mapping.columns)) {
      const field = await resolve(spec.field);
      if (!field) {
        issues.push(`${mapping.object}.${spec.field} (column ${column}): field not found; check the API name and field-level security for the integration user`);
      } else if (!compatibleTypes(spec.type).includes(field.type)) {
        issues.push(`${mapping.object}.${spec.field} (column ${column}): Salesforce type ${field.type} cannot be read as ${spec.type}`);
      }
    }
  }
  return issues;
}
