import { create } from 'content-disposition';

/**
 * The `content-disposition` header of a document download named after a partner and a period. Both ids come from the
 * data and may hold any character: a quote would end the quoted file name, and one beyond Latin-1 (an id such as
 * "AGENZIA-ŁÓDŹ") cannot be written in an HTTP header at all, so every download of that partner failed with a 500.
 * The header carries an ASCII file name and the exact one encoded (RFC 6266 / RFC 8187), which browsers prefer.
 */
export function downloadDisposition(type: 'inline' | 'attachment', parts: readonly string[]): string {
  // path separators would make the name a path on the user's disk: the id's other characters are kept
  const name = parts.join('-').replace(/[/\\]/g, '_');
  return create(name, { type });
}
