import * as oidc from 'openid-client';
import { ownRecord, ownValue } from '@provvigo/core';
import { z } from 'zod';
import { STUDIO_ROLES, type StudioRole, type StudioUser } from '../users.js';

/**
 * Single sign-on with the company's OpenID Connect provider (authorization code flow with PKCE, ID token validated
 * by openid-client, a certified relying party). Roles come from a claim (IdP groups) through `roleMap`; a partner user
 * is bound to its partner id by a claim. Configuration is data, validated here.
 */
export const SsoConfigSchema = z
  .object({
    /** The provider's issuer identifier; its discovery document is read at start. */
    issuer: z.string().url(),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1).optional(),
    /** This studio's callback, registered at the provider: https://studio.example.com/auth/sso/callback */
    redirectUri: z.string().url(),
    /** Where the provider sends the browser after logout. */
    postLogoutRedirectUri: z.string().url().optional(),
    scopes: z.array(z.string()).default(['openid', 'profile', 'email']),
    claims: z
      .object({
        /** Claim holding the user's groups (a list or a space-separated string). */
        groups: z.string().default('groups'),
        /** Claim binding a partner user to its partner id. */
        partnerId: z.string().default('partner_id'),
        name: z.string().default('name'),
      })
      .strict()
      .default({ groups: 'groups', partnerId: 'partner_id', name: 'name' }),
    /** IdP group → studio roles, e.g. { "provvigo-approvers": ["approver"] }. A user with no mapped role is refused. */
    roleMap: ownRecord(z.string(), z.array(z.enum(STUDIO_ROLES as [StudioRole, ...StudioRole[]]))),
    /** Plain-HTTP providers are refused unless this is set (a local test provider). */
    allowInsecureHttp: z.boolean().default(false),
  })
  .strict();
export type SsoConfig = z.infer<typeof SsoConfigSchema>;
export type SsoConfigInput = z.input<typeof SsoConfigSchema>;

/** What the studio keeps between sending the browser to the provider and its return. */
export interface PendingLogin {
  state: string;
  nonce: string;
  verifier: string;
}

export class Sso {
  private constructor(
    readonly config: SsoConfig,
    private readonly client: oidc.Configuration,
  ) {}

  static async discover(input: SsoConfigInput): Promise<Sso> {
    const config = SsoConfigSchema.parse(input);
    const client = await oidc.discovery(
      new URL(config.issuer),
      config.clientId,
      config.clientSecret,
      undefined,
      config.allowInsecureHttp ? { execute: [oidc.allowInsecureRequests] } : undefined,
    );
    return new Sso(config, client);
  }

  async begin(): Promise<{ url: URL; pending: PendingLogin }> {
    const pending: PendingLogin = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier() };
    const url = oidc.buildAuthorizationUrl(this.client, {
      redirect_uri: this.config.redirectUri,
      scope: this.config.scopes.join(' '),
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url, pending };
  }

  /** Exchanges the code (PKCE, state and nonce checked, ID token validated) and returns the ID token's claims. */
  async complete(callbackUrl: URL, pending: PendingLogin): Promise<{ claims: Record<string, unknown>; idToken: string | undefined }> {
    const tokens = await oidc.authorizationCodeGrant(this.client, callbackUrl, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    return { claims: (tokens.claims() ?? {}) as Record<string, unknown>, idToken: tokens.id_token };
  }

  /** The provider's end-session URL (RP-initiated logout), when it has one. */
  logoutUrl(idToken: string | undefined): string | undefined {
    try {
      const params: Record<string, string> = {};
      if (idToken) params['id_token_hint'] = idToken;
      if (this.config.postLogoutRedirectUri) params['post_logout_redirect_uri'] = this.config.postLogoutRedirectUri;
      return oidc.buildEndSessionUrl(this.client, params).href;
    } catch {
      return undefined; // the provider has no end_session_endpoint
    }
  }
}

/**
 * The studio user of an SSO login: roles from the groups claim through `roleMap`; a `partner` role needs the partner
 * claim (and never comes with a staff role, so a misconfigured group cannot give a partner another's data).
 */
export function userFromClaims(claims: Record<string, unknown>, config: SsoConfig): { ok: true; user: StudioUser } | { ok: false; reason: string } {
  const sub = typeof claims['sub'] === 'string' ? claims['sub'] : undefined;
  if (!sub) return { ok: false, reason: 'the ID token has no subject' };
  // the claim names are the administrator's: read as the token's own claims, never Object.prototype's members
  const rawGroups = ownValue(claims, config.claims.groups);
  const groups = Array.isArray(rawGroups) ? rawGroups.map(String) : typeof rawGroups === 'string' ? rawGroups.split(/\s+/).filter(Boolean) : [];
  const map = new Map(Object.entries(config.roleMap));
  const roles = [...new Set(groups.flatMap((g) => map.get(g) ?? []))].sort() as StudioRole[];
  if (roles.length === 0) return { ok: false, reason: `no studio role for the groups ${JSON.stringify(groups)}` };
  const partnerId = ownValue(claims, config.claims.partnerId);
  if (roles.includes('partner')) {
    if (roles.length > 1) return { ok: false, reason: 'a partner user cannot also hold a staff role' };
    if (typeof partnerId !== 'string' || !partnerId) return { ok: false, reason: `a partner user needs the ${config.claims.partnerId} claim` };
  }
  const claimedName = ownValue(claims, config.claims.name);
  const name = typeof claimedName === 'string' ? claimedName : sub;
  return { ok: true, user: { id: `sso:${sub}`, name, roles, ...(roles.includes('partner') ? { partnerId: partnerId as string } : {}) } };
}
