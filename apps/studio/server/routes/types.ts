import type { Hono } from 'hono';
import type { Session } from '../auth/sessions.js';
import type { StudioUser } from '../users.js';

/** Per-request values the session middleware sets. */
export interface StudioEnv {
  Variables: {
    session: Session | undefined;
    user: StudioUser | undefined;
    /** The client address (socket, or X-Forwarded-For's last hop when the studio trusts its proxy). */
    ip: string;
  };
}

export type StudioApp = Hono<StudioEnv>;
