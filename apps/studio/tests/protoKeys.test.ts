import { describe, expect, it } from 'vitest';
import { SsoConfigSchema } from '../server/auth/sso.js';

/**
 * The SSO role map is keyed by the identity provider's group names. zod's record dropped a group `__proto__` without
 * a word, so its users were refused with no hint why; the configuration is refused at that key instead.
 */
const base = { issuer: 'https://idp.example', clientId: 'c', redirectUri: 'https://studio.example/cb' };

describe('SSO roleMap keys named __proto__', () => {
  it('refuses roleMap.__proto__ as JSON.parse reads it, naming it', () => {
    const roleMap = JSON.parse('{"__proto__": ["approver"], "staff": ["calculator"]}');
    expect(SsoConfigSchema.safeParse({ ...base, roleMap }).error?.issues.map((i) => [i.path, i.message])).toEqual([
      [['roleMap', '__proto__'], '`__proto__` cannot be a name here: JavaScript reserves it'],
    ]);
  });

  it('keeps groups named constructor and toString as own entries', () => {
    const config = SsoConfigSchema.parse({ ...base, roleMap: { constructor: ['approver'], toString: ['partner'] } });
    expect(Object.entries(config.roleMap)).toEqual([['constructor', ['approver']], ['toString', ['partner']]]);
  });
});
