import { randomBytes } from 'node:crypto';
import type { StudioUser } from '../users.js';

export interface Session {
  token: string;
  user: StudioUser;
  /** How the user logged in: a local account (demo) or the company's identity provider. */
  via: 'local' | 'sso';
  /** The ID token of an SSO login, for the identity provider's logout. */
  idToken?: string;
  createdAt: number;
  lastSeen: number;
}

export interface SessionPolicy {
  /** A session unused this long ends (OWASP ASVS 3.3: idle timeout). */
  idleMs: number;
  /** A session ends this long after login, used or not (absolute timeout). */
  absoluteMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 30 * 60_000, absoluteMs: 8 * 3_600_000 };

/** Server-side sessions: random opaque tokens, idle and absolute timeouts, pruned on a timer and on every read. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly policy: SessionPolicy,
    private readonly clock: () => number,
  ) {}

  create(user: StudioUser, via: Session['via'], idToken?: string): Session {
    const now = this.clock();
    const session: Session = { token: randomBytes(32).toString('base64url'), user, via, ...(idToken ? { idToken } : {}), createdAt: now, lastSeen: now };
    this.sessions.set(session.token, session);
    return session;
  }

  /** The live session of a token, its idle clock restarted; expired sessions are dropped and give undefined. */
  get(token: string | undefined): Session | undefined {
    if (!token) return undefined;
    const s = this.sessions.get(token);
    if (!s) return undefined;
    const now = this.clock();
    if (this.expired(s, now)) {
      this.sessions.delete(token);
      return undefined;
    }
    s.lastSeen = now;
    return s;
  }

  destroy(token: string | undefined): Session | undefined {
    if (!token) return undefined;
    const s = this.sessions.get(token);
    this.sessions.delete(token);
    return s;
  }

  /** Drops every expired session; returns how many. */
  prune(): number {
    const now = this.clock();
    let n = 0;
    for (const [token, s] of this.sessions) {
      if (this.expired(s, now)) {
        this.sessions.delete(token);
        n++;
      }
    }
    return n;
  }

  get size(): number {
    return this.sessions.size;
  }

  private expired(s: Session, now: number): boolean {
    return now - s.lastSeen > this.policy.idleMs || now - s.createdAt > this.policy.absoluteMs;
  }
}
