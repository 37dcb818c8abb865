import {
  accrualsFileJsonSchema,
  agreementsFileJsonSchema,
  factSchemaJsonSchema,
  partnerJsonSchema,
  periodStatementJsonSchema,
  planJsonSchema,
  runResultJsonSchema,
} from '../src/index.js';

/** File name → text of every generated JSON Schema file (pretty-printed, trailing newline, stable key order). */
export function schemaFiles(): Record<string, string> {
  const schemas: Array<[string, string, Record<string, unknown>]> = [
    ['plan.schema.json', 'Provvigo commission plan', planJsonSchema()],
    ['fact-schema.schema.json', 'Provvigo fact tables (fact schema)', factSchemaJsonSchema()],
    ['partner.schema.json', 'Provvigo partner', partnerJsonSchema()],
    ['run-result.schema.json', 'Provvigo run result (statements, lines, traces)', runResultJsonSchema()],
    ['period-statement.schema.json', 'Provvigo period statement (provvigo period statement --json)', periodStatementJsonSchema()],
    ['agreements.schema.json', 'Provvigo upfront agreements file (--agreements)', agreementsFileJsonSchema()],
    ['accruals.schema.json', 'Provvigo accruals (provvigo accruals --format json)', accrualsFileJsonSchema()],
  ];
  return Object.fromEntries(
    schemas.map(([file, title, schema]) => {
      const { $schema, ...rest } = schema;
      return [file, `${JSON.stringify({ $schema, title, ...rest }, null, 2)}\n`];
    }),
  );
}
