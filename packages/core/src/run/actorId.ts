/**
 * The one spelling of a person's id: Unicode NFC, trimmed, inner whitespace collapsed to one space, lower case. Four-
 * eyes compares ids, so "Anna", " anna " and "ANNA" must be the same person, never two.
 */
export function normalizeActorId(id: string): string {
  return id.normalize('NFC').trim().replace(/\s+/gu, ' ').toLowerCase();
}
