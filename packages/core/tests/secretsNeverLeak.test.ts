// Secrets are never logged: the one helper every package shows a connection target (or a library's message quoting
// one) through. Each case holds a real-looking secret and checks it is gone while the rest of the target stays.
import { describe, expect, it } from 'vitest';
import { maskUrl, maskUrlsIn } from '../src/index.js';

const SECRET = 'S3cr3t-Pw';

describe('maskUrl', () => {
  it.each([
    ['postgres://app:S3cr3t-Pw@db.example.com:5432/provvigo', 'postgres://app:***@db.example.com:5432/provvigo'],
    ['redis://:S3cr3t-Pw@127.0.0.1:6379/0', 'redis://:***@127.0.0.1:6379/0'],
    ['smtp://mailer:S3cr3t-Pw@smtp.example.com:587', 'smtp://mailer:***@smtp.example.com:587'],
    ['https://client:S3cr3t-Pw@login.example.com/oauth/token', 'https://client:***@login.example.com/oauth/token'],
    ['postgres://app@db.example.com/provvigo?password=S3cr3t-Pw&schema=t1', 'postgres://app@db.example.com/provvigo?password=***&schema=t1'],
    ['redis://127.0.0.1:6379/?password=S3cr3t-Pw', 'redis://127.0.0.1:6379/?password=***'],
    ['https://api.example.com/hook?access_token=S3cr3t-Pw&sig=S3cr3t-Pw&page=2', 'https://api.example.com/hook?access_token=***&sig=***&page=2'],
  ])('masks the credential of a URL and keeps the rest: %s', (url, masked) => {
    expect(maskUrl(url)).toBe(masked);
  });

  it.each([
    // an unencoded / or : in the password: not a URL for the WHATWG parser, or one with the password in its path
    ['postgres://app:S3cr/et-Pw@db.example.com/provvigo', 'postgres://***@db.example.com/provvigo'],
    ['postgres://app:12/S3cr3t-Pw@db.example.com/provvigo', 'postgres://***@db.example.com/provvigo'],
    ['smtp://mailer:S3cr3t-Pw@127.0.0.1:notaport', 'smtp://***@127.0.0.1:notaport'],
    // no scheme: everything before the host may be the credential
    ['mailer:S3cr3t-Pw@smtp.example.com:587', '***@smtp.example.com:587'],
    ['db.example.com/x?token=S3cr3t-Pw', 'db.example.com/x?***'],
  ])('masks what may be a credential in text that is not a URL: %s', (text, masked) => {
    expect(maskUrl(text)).toBe(masked);
  });

  it.each(['.provvigo/db', '/var/lib/provvigo', 'memory://', 'redis://127.0.0.1:6379', 'postgres://postgres@127.0.0.1:5432/test'])(
    'leaves a target without a credential as it is: %s',
    (target) => {
      expect(maskUrl(target)).toBe(target);
    },
  );
});

describe('maskUrlsIn', () => {
  it('masks every URL a library quotes in its message', () => {
    const message = `Request cannot be constructed from a URL that includes credentials: https://client:${SECRET}@127.0.0.1:1/oauth/token`;
    const masked = maskUrlsIn(`${message} (then redis://:${SECRET}@h:1)`);
    expect(masked).not.toContain(SECRET);
    expect(masked).toBe('Request cannot be constructed from a URL that includes credentials: https://client:***@127.0.0.1:1/oauth/token (then redis://:***@h:1)');
  });
});
