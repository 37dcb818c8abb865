import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { errorTexts, trustProxyFromEnv } from '@provvigo/core';
import { startStudio } from './app.js';
import { loadSample } from './sample.js';
import { demoUsers } from './users.js';

// `pnpm studio`: the studio on the embedded sample, data in .provvigo/studio (PGlite) or PROVVIGO_DB.
// STUDIO_SSO=path/to/sso.json connects the company's OpenID Connect provider (README).
const trustProxy = proxySetting();
const sample = loadSample();
const password = process.env['STUDIO_DEMO_PASSWORD'] ?? 'provvigo-demo';
const port = Number(process.env['PORT'] ?? 5180);
const ssoFile = process.env['STUDIO_SSO'];
const studio = await startStudio(
  {
    db: process.env['PROVVIGO_DB'] ?? '.provvigo/studio',
    plansDir: process.env['STUDIO_PLANS'] ?? '.provvigo/studio-plans',
    sample,
    users: await demoUsers(sample.partners, password),
    ...(ssoFile ? { sso: JSON.parse(readFileSync(ssoFile, 'utf8')) as never, localLogin: process.env['STUDIO_LOCAL_LOGIN'] === '1' } : {}),
    ...(trustProxy === undefined ? {} : { trustProxy }),
    ...mailSetting(),
    clientDir: fileURLToPath(new URL('../dist/client', import.meta.url)),
  },
  port,
);
console.log(`Provvigo studio on ${studio.url}`);
// The built-in demo password is shown; one set in STUDIO_DEMO_PASSWORD is the operator's secret and never logged.
const passwordHint = process.env['STUDIO_DEMO_PASSWORD'] === undefined ? `demo password: ${password}` : 'password: the one in STUDIO_DEMO_PASSWORD';
if (!ssoFile) console.log(`  staff: designer / approver / finance / auditor; partners: their id in lower case (e.g. ${sample.partners[0]?.id.toLowerCase()}); ${passwordHint}`);
else console.log('  sign in with your company account');

/**
 * STUDIO_TRUST_PROXY: `1` one proxy, a whole number that many, or the proxies' addresses or subnets, comma-separated.
 * A value it cannot use stops the studio before it listens, in both languages, rather than run it keyed wrongly.
 */
function proxySetting() {
  try {
    return trustProxyFromEnv(process.env['STUDIO_TRUST_PROXY'], 'STUDIO_TRUST_PROXY');
  } catch (e) {
    const texts = errorTexts(e);
    console.error(texts.en);
    console.error(texts.it);
    process.exit(1);
  }
}

/**
 * PROVVIGO_SMTP_URL and PROVVIGO_MAIL_FROM (and STUDIO_PORTAL_URL, written in the messages) let the period page e-mail
 * partners their answers; the URL, which may hold a password, is never logged.
 */
function mailSetting() {
  const smtp = process.env['PROVVIGO_SMTP_URL'];
  const from = process.env['PROVVIGO_MAIL_FROM'];
  if (!smtp || !from) return {};
  return { mail: { smtp, from, portalUrl: process.env['STUDIO_PORTAL_URL'] } };
}
