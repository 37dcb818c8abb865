/**
 * The package README documents every table key, default and source (issue 13, "Done when"): read from the README's
 * own text and compared with the data the pack uses (`src/data/tables.json` through IT_TABLES, the profile
 * defaults), so a table key, a year or a default added without its documentation fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IT_TABLES, PROFILE_DEFS, profileDefaults } from '../src/index.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
/** The text of a README section, from its heading to the next heading of the same or a higher level. */
function section(heading: string): string {
  const start = README.indexOf(`\n${heading}\n`);
  expect(start, heading).toBeGreaterThan(0);
  const level = heading.split(' ')[0]!;
  const rest = README.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`\\n#{1,${level.length}} `));
  return end < 0 ? rest : rest.slice(0, end);
}
/** The markdown table row whose first cell is `id`. */
const rowOf = (text: string, id: string) => text.split('\n').find((l) => l.startsWith(`| \`${id}\` |`));

/** Every key of a table's values, nested ones included (band and cassa fields). */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysOf(v, into);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      keysOf(v, into);
    }
  }
  return into;
}

describe('the fiscal README documents the data tables', () => {
  const tables = section('## Data tables');

  it.each(Object.keys(IT_TABLES))('%s: a row naming every key of its values, every year of its rows and a source', (id) => {
    const row = rowOf(tables, id);
    expect(row, `README row of ${id}`).toBeDefined();
    const rows = IT_TABLES[id]!.rows;
    // a key is named in a code span of the row, alone (`monoCap`) or in a shape (`[{ upTo, percent }]`)
    const spans = [...row!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    const undocumented = [...keysOf(rows.map((r) => r.values))].filter((k) => !spans.some((span) => new RegExp(`(^|[^\\w])${k}([^\\w]|$)`).test(span)));
    expect(undocumented, `${id}: keys missing from the README`).toEqual([]);
    if (rows.length > 1) for (const r of rows) expect(row, `${id}: year of the row from ${r.validFrom}`).toContain(r.validFrom.slice(0, 4));
    // the last cell names the source; every row of the data carries its URLs
    expect(row!.split('|').at(-2)!.trim()).not.toBe('');
    for (const r of rows) expect((r.sources ?? []).filter((s) => s.startsWith('https://') || s.startsWith('http://')).length, `${id} from ${r.validFrom}`).toBeGreaterThan(0);
  });

  it('a value the README gives in parentheses is the value of the latest row', () => {
    const checked: string[] = [];
    for (const [id, table] of Object.entries(IT_TABLES)) {
      const row = rowOf(tables, id)!;
      const latest = table.rows.at(-1)!.values as Record<string, unknown>;
      for (const [key, value] of Object.entries(latest)) {
        const m = new RegExp(`\`${key}\` \\(([^ ,)]+)`).exec(row);
        // a value (22, 77.47, 03-31, TC22), not a description such as "(text)"
        if (!m || typeof value !== 'string' || !/^([\d.]+|\d\d-\d\d|TC\d+)$/.test(m[1]!)) continue;
        const same = /^[\d.]+$/.test(m[1]!) && /^[\d.]+$/.test(value) ? Number(m[1]) === Number(value) : m[1] === value;
        expect(same, `${id}.${key}: README ${m[1]}, table ${value}`).toBe(true);
        checked.push(`${id}.${key}`);
      }
    }
    // not vacuous: the README states these defaults (IVA 22, bollo 2.00 above 77.47, 25-bis 23% on 50%, FIRR due 03-31, …)
    expect(checked).toEqual(expect.arrayContaining(['it.iva.standardPercent', 'it.bollo.amount', 'it.bollo.threshold', 'it.ritenuta.art25bisPercent', 'it.ritenuta.art25bisBaseSharePercent', 'it.firr.dueMonthDay', 'it.inps.rivalsa.percent', 'it.inps.rivalsa.tipoCassa', 'it.occasional.inpsThreshold']));
  });
});

describe('the fiscal README documents the profiles and settings', () => {
  it('every profile has a row', () => {
    const profiles = section('## Profiles');
    expect(PROFILE_DEFS.map((p) => p.id).filter((id) => !rowOf(profiles, id))).toEqual([]);
  });

  it('every setting of a profile is named in the settings table', () => {
    const settings = section('### Settings');
    const keys = new Set(PROFILE_DEFS.flatMap((p) => Object.keys(profileDefaults(p.id)!)));
    expect(keys.size).toBeGreaterThan(15);
    expect([...keys].filter((k) => !settings.includes(`\`${k}\``))).toEqual([]);
  });

  it('the defaults that are choices state the default the code uses, and the stamp and Enasarco-base choices cite their source', () => {
    const choices = section('### Defaults that are choices (⚠ to confirm with the accountant)');
    const documented = (setting: string) => /^\| `[^`]+` \| `([^`]+)`/.exec(rowOf(choices, setting) ?? '')?.[1];
    const mono = profileDefaults('it:agent-individual-mono')!;
    expect(documented('stampDutyRecharged')).toBe(String(mono.stampDutyRecharged));
    expect(documented('enasarcoBaseIncludesStamp')).toBe(String(mono.enasarcoBaseIncludesStamp));
    expect(documented('enasarcoMinimum')).toBe(String(mono.enasarcoMinimum));
    expect(choices.split('\n').find((l) => l.startsWith('| `tipoRitenuta` for snc/sas |'))).toContain(`\`${profileDefaults('it:agent-snc')!.tipoRitenuta}\``);
    for (const setting of ['stampDutyRecharged', 'enasarcoBaseIncludesStamp']) expect(rowOf(choices, setting)).toMatch(/https?:\/\/\S+/);
  });
});
