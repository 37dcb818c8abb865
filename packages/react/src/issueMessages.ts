import { issueText } from './formulaAssist.js';
import type { UiLocale } from './i18n.js';

/**
 * Italian wording for the formula problems core reports most, for issues that carry no `messages` (core's plan and
 * formula checks now give both languages themselves: see `issueMessage`). Unknown messages stay as they are: a
 * partly English message beats a wrong translation.
 */
const IT: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^unknown name "(.+)" \(not a parameter, summary cell or table\)$/, (m) => `nome sconosciuto "${m[1]}" (non è un parametro, una cella di riepilogo o una tabella)`],
  [/^unknown column "(.+)" \(not in fact table "(.+)" nor computed in (.+)\)$/, (m) => `colonna sconosciuta "${m[1]}" (non è nella tabella dati "${m[2]}" né calcolata in ${m[3]})`],
  [/^unknown column "(.+)" of line sheet "(.+)"$/, (m) => `colonna sconosciuta "${m[1]}" del foglio righe "${m[2]}"`],
  [/^unknown column "(.+)" of table "(.+)"$/, (m) => `colonna sconosciuta "${m[1]}" della tabella "${m[2]}"`],
  [/^unknown table or line sheet "(.+)"$/, (m) => `tabella o foglio righe sconosciuto "${m[1]}"`],
  [/^unknown or unsupported function (.+)$/, (m) => `funzione sconosciuta o non ammessa ${m[1]}`],
  [/^(\S+) takes (.+) arguments, found (\d+)$/, (m) => `${m[1]} richiede ${m[2]!.replace('to', 'a').replace('many', 'molti')} argomenti, trovati ${m[3]}`],
  [/^circular reference: (.+)$/, (m) => `riferimento circolare: ${m[1]}`],
  [/^a whole column cannot be used here; aggregate it with SUM, COUNT…$/, () => 'qui non si può usare una colonna intera: aggregala con SOMMA, CONTA.NUMERI…'],
  [/^the formula gives a whole column; aggregate it, e\.g\. SUM\(\.\.\.\) or COUNT\(\.\.\.\)$/, () => 'la formula restituisce una colonna intera: aggregala, ad es. SOMMA(...) o CONTA.NUMERI(...)'],
  [/^a number is needed here, found (a whole column|text)$/, (m) => `qui serve un numero, trovato ${m[1] === 'text' ? 'testo' : 'una colonna intera'}`],
  [/^"(.+)" needs numbers, found text$/, (m) => `"${m[1]}" richiede numeri, trovato testo`],
  [/^a gate must be a condition \(TRUE or FALSE\)$/, () => 'una soglia deve essere una condizione (VERO o FALSO)'],
  [/^\[@(.+)\] reads a row, but summary cells have no row; use Sheet\[(.+)\] with an aggregate$/, (m) => `[@${m[1]}] legge una riga, ma le celle di riepilogo non hanno righe: usa Foglio[${m[2]}] con un'aggregazione`],
  // the plan's own id and name (the details form and a plan file)
  [/^a plan's name must not be empty or blank$/, () => 'il nome del piano non può essere vuoto'],
  [/^a plan's name may hold at most (\d+) characters$/, (m) => `il nome del piano può avere al massimo ${m[1]} caratteri`],
  [/^a plan's name needs a text in Italian \(it\) or English \(en\)$/, () => 'il nome del piano richiede un testo in italiano (it) o in inglese (en)'],
  [/^a plan id must not be empty$/, () => 'il codice del piano non può essere vuoto'],
  [/^a plan id may hold at most (\d+) characters$/, (m) => `il codice del piano può avere al massimo ${m[1]} caratteri`],
  [/^lowercase letters, digits, - _ \.$/, () => 'solo lettere minuscole, cifre, - _ .'],
];

/** Core's hint after an unknown name, `; did you mean "Rates"?`, and its Italian. */
const DID_YOU_MEAN = /; did you mean "([^"]*)"\?$/;

export function localizeIssueMessage(message: string, locale: UiLocale): string {
  if (locale === 'en') return message;
  const hint = DID_YOU_MEAN.exec(message);
  const head = hint ? message.slice(0, hint.index) : message;
  for (const [re, to] of IT) {
    const m = re.exec(head);
    if (m) return `${to(m)}${hint ? `; forse intendevi "${hint[1]}"?` : ''}`;
  }
  return message;
}

/**
 * An issue's text in the builder's language, without its `(at character N)` position (the editor underlines the
 * place instead): the issue's own `messages[locale]` when core gave both languages, else the English `message`
 * translated by `localizeIssueMessage` where it knows the wording.
 */
export function issueMessage(issue: { message: string; messages?: { it: string; en: string } }, locale: UiLocale): string {
  const own = issue.messages?.[locale];
  if (own !== undefined) return issueText(own).replace(/\s*\(al carattere \d+\)\s*$/, '');
  return localizeIssueMessage(issueText(issue.message), locale);
}
