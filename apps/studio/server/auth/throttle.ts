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
 */
export class LoginThrottle {
  private readonly byUserAndIp: RateLimiterMemory;
  private readonly byIp: RateLimiterMemory;

  constructor(policy: ThrottlePolicy = DEFAULT_THROTTLE) {
    // the limiter blocks on the first failure past `points`: N failures block with points = N − 1
    this.byUserAndIp = new RateLimiterMemory({ keyPrefix: 'login_user_ip', points: policy.failuresPerUserAndIp - 1, duration: policy.windowSeconds, blockDuration: policy.blockSeconds });
    this.byIp = new RateLimiterMemory({ keyPrefix: 'login_ip', points: policy.failuresPerIp - 1, duration: policy.windowSeconds, blockDuration: policy.blockSeconds });
  }

  async check(userName: string, ip: string): Promise<ThrottleVerdict> {
    const [pair, address] = await Promise.all([this.byUserAndIp.get(key(userName, ip)), this.byIp.get(ip)]);
    // a key is blocked once more points were consumed than it allows; the block lasts blockSeconds, then the key is gone
    const blocked = [
      [pair, this.byUserAndIp],
      [address, this.byIp],
    ]
      .filter(([r, limiter]) => r !== null && (r as RateLimiterRes).consumedPoints > (limiter as RateLimiterMemory).points)
      .map(([r]) => r as RateLimiterRes);
    if (blocked.length === 0) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.ceil(Math.max(...blocked.map((r) => r.msBeforeNext)) / 1000) };
  }

  async failed(userName: string, ip: string): Promise<void> {
    await Promise.all([this.byUserAndIp.consume(key(userName, ip)).catch(() => undefined), this.byIp.consume(ip).catch(() => undefined)]);
  }

  /** A successful login clears the consecutive failures of that user name from that address. */
  async succeeded(userName: string, ip: string): Promise<void> {
    await this.byUserAndIp.delete(key(userName, ip));
  }
}

const key = (userName: string, ip: string): string => `${userName.trim().toLowerCase()}|${ip}`;
