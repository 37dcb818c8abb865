import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface ThrottlePolicy {
  /** Consecutive failures for one user name from one address before that pair is blocked. */
  failuresPerUserAndIp: number;
  /** Failures from one address, any user name, per window, before the address is blocked. */
  failuresPerIp: number;
  /** Window of the per-address count, and how long a block lasts (seconds). */
  windowSeconds: number;
  blockSeconds: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = { failuresPerUserAndIp: 5, failuresPerIp: 100, windowSeconds: 3600, blockSeconds: 15 * 60 };

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Login throttling after OWASP's brute-force guidance, on rate-limiter-flexible: a user name is blocked for one
 * address after N consecutive failures from it, and an address after M failures of any user names. Blocks are keyed
 * by address, so an attacker cannot lock the real user out from the user's own address, and every block expires.
 *
 * An attempt is counted before its password is checked (`attempt`), not after it failed: counted afterwards, every
 * guess sent at once passed the check while the others were still hashing, so 40 parallel guesses were all tried.
 */
export class LoginThrottle {
  private readonly byUserAndIp: RateLimiterMemory;
  private readonly byIp: RateLimiterMemory;

  constructor(policy: ThrottlePolicy = DEFAULT_THROTTLE) {
    // N attempts are let through; the limiter refuses (and blocks) the first one past `points`
    this.byUserAndIp = new RateLimiterMemory({ keyPrefix: 'login_user_ip', points: policy.failuresPerUserAndIp, duration: policy.windowSeconds, blockDuration: policy.blockSeconds });
    this.byIp = new RateLimiterMemory({ keyPrefix: 'login_ip', points: policy.failuresPerIp, duration: policy.windowSeconds, blockDuration: policy.blockSeconds });
  }

  /** Takes one attempt of the name from the address, as a failure until `succeeded` says otherwise; refused when either count is spent. */
  async attempt(userName: string, ip: string): Promise<ThrottleVerdict> {
    const pairKey = key(userName, ip);
    const [pair, address] = await Promise.all([take(this.byUserAndIp, pairKey), take(this.byIp, ip)]);
    const refused = [pair, address].filter((t) => !t.ok);
    if (refused.length === 0) return { allowed: true };
    // a refused attempt checks no password, so it is no failure: the count that let it through gets its point back
    if (pair.ok) await this.byUserAndIp.reward(pairKey);
    if (address.ok) await this.byIp.reward(ip);
    return { allowed: false, retryAfterSeconds: Math.ceil(Math.max(...refused.map((t) => t.res.msBeforeNext)) / 1000) };
  }

  /** A successful login clears the consecutive failures of that user name from that address, and was no failure of the address. */
  async succeeded(userName: string, ip: string): Promise<void> {
    await Promise.all([this.byUserAndIp.delete(key(userName, ip)), this.byIp.reward(ip)]);
  }
}

/** One point of `limiter` for `k`: whether it was granted, and the limiter's state (its wait when refused). */
async function take(limiter: RateLimiterMemory, k: string): Promise<{ ok: boolean; res: RateLimiterRes }> {
  try {
    return { ok: true, res: await limiter.consume(k) };
  } catch (e) {
    // the limiter refuses with its state; anything else is a failure of the studio's own
    if (e instanceof RateLimiterRes) return { ok: false, res: e };
    throw e;
  }
}

const key = (userName: string, ip: string): string => `${userName.trim().toLowerCase()}|${ip}`;
