// How the studio's client words a failed API call: its own words for the codes it knows, the server's refusal in the
// reader's language for the codes it does not (core's and the store's workflow refusals carry Italian and English),
// and "unexpected" only when neither has words.
import { authoringMessages } from '@provvigo/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../client/api.js';
import { apiMessage } from '../client/pages/plans/apiMessage.js';

const refusal = (error: string, messages?: { it: string; en: string }) =>
  new ApiError(409, { error, message: messages?.en ?? 'refused', ...(messages ? { messages } : {}) });
const inUse = { it: "il piano p1 versione 2 è usato dall'esecuzione 2026-10-r1", en: 'plan p1 version 2 is used by run 2026-10-r1' };

describe('apiMessage', () => {
  it("shows the client's own words for a code it knows, whatever the server says", () => {
    expect(apiMessage(refusal('plan_exists', inUse), authoringMessages('it'), 'it')).toBe(authoringMessages('it').errors['plan_exists']);
  });

  it("shows the server's refusal in the reader's language for a code the client has no words for", () => {
    expect(apiMessage(refusal('plan_version_in_use', inUse), authoringMessages('it'), 'it')).toBe(inUse.it);
    expect(apiMessage(refusal('plan_version_in_use', inUse), authoringMessages('en'), 'en')).toBe(inUse.en);
  });

  it('says the action failed unexpectedly when neither has words, naming the message', () => {
    expect(apiMessage(refusal('plan_version_in_use'), authoringMessages('it'), 'it')).toBe('Errore imprevisto: refused');
    // a blank or non-text translation is no translation
    const odd = new ApiError(409, { error: 'x_y', message: 'refused', messages: { it: '', en: 42 } });
    expect(apiMessage(odd, authoringMessages('it'), 'it')).toBe('Errore imprevisto: refused');
    expect(apiMessage(odd, authoringMessages('en'), 'en')).toBe('Unexpected error: refused');
  });
});
