import type { Hono } from 'hono';
import type { Session } from '../auth/sessions.js';
import type { StudioUser } from '../users.js';

/** Per-request values the session middleware sets. */
export interface StudioEnv {
  Variables: {
    session: Session | undefined;
    user: StudioUser | undefined;
    /** The client address: the socket's, or behind trusted proxies the X-Forwarded-For hop `trustProxy` points at (core's `clientAddressRule`). */
    ip: string;
  };
}

export type StudioApp = Hono<StudioEnv>;
