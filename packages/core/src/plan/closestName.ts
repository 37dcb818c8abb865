import { distance } from 'fastest-levenshtein';
import type { BothLanguages } from '../schema/common.js';

/**
 * The known name a mistyped one most likely meant: the same letters in another case, or the nearest by edit distance
 * when it is near enough to be a typo: one edit in a name of up to three letters, else two (two letters swapped,
 * "Bonsu" for "Bonus", are two edits), or one in three letters for a longer name. Ties go to the name first in
 * alphabetical order, so the same plan always gets the same hint. Undefined when nothing is that near.
 */
export function closestName(name: string, known: Iterable<string>, maxEdits?: number): string | undefined {
  const wanted = name.toLowerCase();
  const near = name.length <= 3 ? 1 : Math.max(2, Math.floor(name.length / 3));
  // a caller that acts on the guess (a file refused) asks for fewer edits than one that only hints
  const limit = maxEdits === undefined ? near : Math.min(near, maxEdits);
  let best: { name: string; d: number } | undefined;
  for (const candidate of known) {
    if (candidate === name) continue;
    const d = candidate.toLowerCase() === wanted ? 0 : distance(wanted, candidate.toLowerCase());
    if (d > limit) continue;
    if (!best || d < best.d || (d === best.d && candidate < best.name)) best = { name: candidate, d };
  }
  return best?.name;
}

/** `; did you mean "X"?` after a problem's text, in both languages, or nothing when no known name is near. */
export function didYouMean(name: string, known: Iterable<string>): BothLanguages {
  const near = closestName(name, known);
  return near === undefined ? { en: '', it: '' } : { en: `; did you mean "${near}"?`, it: `; forse intendevi "${near}"?` };
}
