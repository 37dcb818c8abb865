import { createHash } from 'node:crypto';

/** Node's native SHA-256, byte-for-byte the digest core's own hasher computes (core's `createHash` option). */
export function nativeSha256(): { update(text: string): unknown; digest(): string } {
  const h = createHash('sha256');
  return { update: (t: string) => h.update(t), digest: () => h.digest('hex') };
}
