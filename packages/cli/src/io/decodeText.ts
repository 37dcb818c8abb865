/**
 * Turns a file's bytes into text in its declared encoding, strictly: a byte-order mark (UTF-8, UTF-16) is detected
 * and wins over the declaration; a byte sequence that is not valid in the encoding is an error naming file and line
 * (never a silent U+FFFD, which would turn "Città" into "Citt�" on a statement).
 */
import { CliError } from './errors.js';

export type TextEncoding = 'utf-8' | 'windows-1252' | 'iso-8859-15' | 'utf-16le' | 'utf-16be';

/** The encoding a byte-order mark announces, and the mark's length; undefined without a mark. */
export function encodingFromBom(bytes: Uint8Array): { encoding: TextEncoding; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

const LINE_BREAK = /\r\n|\r|\n/g;
const countLines = (text: string): number => text.match(LINE_BREAK)?.length ?? 0;

/** Decodes a byte stream chunk by chunk (a multi-byte character split across chunks is handled by the decoder). */
export async function* decodeText(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, declared: TextEncoding, file: string): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  let encoding = declared;
  let line = 1;
  let endsWithCr = false;
  for await (const raw of chunks) {
    let chunk = raw;
    if (!decoder) {
      const bom = encodingFromBom(chunk);
      if (bom) {
        encoding = bom.encoding;
        chunk = chunk.subarray(bom.length);
      }
      decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
    }
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      // Decode again leniently only to find the line of the first bad byte.
      const lenient = new TextDecoder(encoding, { ignoreBOM: true }).decode(chunk);
      const at = lenient.indexOf('\uFFFD');
      const where = line + countLines(lenient.slice(0, Math.max(at, 0)));
      const en = `line ${where} holds bytes that are not valid ${encoding}: declare the file's encoding in the fact schema (format.encoding, e.g. "windows-1252") or save it as UTF-8`;
      const it = `la riga ${where} contiene byte non validi in ${encoding}: dichiara la codifica del file nello schema dei fatti (format.encoding, ad es. "windows-1252") o salvalo in UTF-8`;
      throw new CliError({ en, it }, { file, line: where });
    }
    // A CRLF split across two chunks is one line break, not two.
    line += countLines(text) - (endsWithCr && text.startsWith('\n') ? 1 : 0);
    if (text) endsWithCr = text.endsWith('\r');
    if (text) yield text;
  }
  if (decoder) {
    try {
      const rest = decoder.decode();
      if (rest) yield rest;
    } catch {
      throw new CliError({ en: `the file ends inside a ${encoding} character (truncated file?)`, it: `il file finisce a metà di un carattere ${encoding} (file troncato?)` }, { file, line });
    }
  }
}
