/**
 * SHA-256 and canonical JSON, in plain JavaScript so core stays free of Node built-ins and synchronous in browsers.
 * Run hashes (inputs, outputs, plans) and the audit chain are computed with these.
 */
import { sha256 as nobleSha256 } from '@noble/hashes/sha256';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

/**
 * Incremental SHA-256 (@noble/hashes, audited, pure JavaScript): feed strings (UTF-8) or bytes, then read the hex
 * digest once.
 */
export class Sha256 {
  private readonly inner = nobleSha256.create();
  private pending: string[] = [];
  private pendingLength = 0;

  update(input: string | Uint8Array): this {
    // Strings are gathered and encoded in large chunks: encoding many small strings one by one is slow.
    if (typeof input === 'string') {
      this.pending.push(input);
      this.pendingLength += input.length;
      if (this.pendingLength >= 1 << 20) this.flush();
      return this;
    }
    this.flush();
    this.inner.update(input);
    return this;
  }

  digest(): string {
    this.flush();
    return bytesToHex(this.inner.digest());
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.inner.update(utf8ToBytes(this.pending.join('')));
    this.pending = [];
    this.pendingLength = 0;
  }
}

/** SHA-256 of a string (UTF-8) or bytes, as lowercase hex. */
export function sha256(input: string | Uint8Array): string {
  return new Sha256().update(input).digest();
}

/**
 * JSON with object keys sorted at every level and `undefined` members dropped, so equal data always hashes equally.
 */
export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  writeCanonical(value, parts);
  return parts.join('');
}

function writeCanonical(value: unknown, out: string[]): void {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number') out.push(Number.isFinite(value) ? String(value) : 'null');
    else if (typeof value === 'string') out.push(JSON.stringify(value));
    else if (typeof value === 'boolean') out.push(value ? 'true' : 'false');
    else out.push('null');
    return;
  }
  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(',');
      writeCanonical(value[i] === undefined ? null : value[i], out);
    }
    out.push(']');
    return;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  out.push('{');
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    if (!first) out.push(',');
    first = false;
    out.push(JSON.stringify(k), ':');
    writeCanonical(v, out);
  }
  out.push('}');
}

/** The hashing interface runs use; core's own SHA-256 by default, a native one when the host injects it. */
export interface Hasher {
  update(text: string): unknown;
  digest(): string;
}

/** Creates core's pure-JavaScript SHA-256 hasher (works in browsers, synchronously). */
export function createSha256(): Hasher {
  return new Sha256();
}

/** SHA-256 of the canonical JSON of a value. */
export function hash(value: unknown): string {
  return sha256(canonicalJson(value));
}
