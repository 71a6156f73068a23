import type { Configuration } from 'openid-client';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Db } from '../../storage/db.js';
import { AppError } from '../../errors.js';
import { hashSecret, newId, newSecret } from '../../lib/ids.js';
import { hashPassword } from './passwords.js';
import * as repo from './repo.js';
import type { InvitesService } from '../invites/service.js';
import type { AuthService, Client } from './service.js';

/** A single sign-on has ten minutes between leaving for the provider and coming back. */
const inFlightMs = 10 * 60_000;

/** The app path to land on: a path on this server only, never another site. */
export function safeReturnTo(value: string | undefined): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
}

/** The refusal a person reads on the sign-in page when single sign-on did not let them in. */
export class SsoRefused extends Error {
  override name = 'SsoRefused';
}

export type OidcService = ReturnType<typeof createOidcService>;

/** What Casehub reads of a person from the provider. */
type Claims = { sub: string; email?: unknown; email_verified?: unknown; name?: unknown };

/**
 * Single sign-on with OpenID Connect (issue 14.3, DESIGN §10) through
 * openid-client: authorization code flow with PKCE, `state` and `nonce`; the
 * ID token's signature, issuer, audience, expiry and nonce are checked by the
 * library. Who comes back: the account bound to that identity (issuer +
 * subject); else the account with that email, if the provider verified it
 * (the identity is bound then); else a new member of the workspace that
 * invited that address, or whose owner admits the email's domain; else nobody.
 */
export function createOidcService({
  db,
  config,
  auth,
  invites,
  log,
}: {
  db: Db;
  config: Config;
  auth: AuthService;
  invites: Pick<InvitesService, 'joinBySso'>;
  log: Logger;
}) {
  const settings = config.oidc;
  let discovered: Promise<Configuration> | null = null;
  // The OpenID library loads on first use: a server without single sign-on never holds it (issue 18's memory).
  const library = () => import('openid-client');

  /** The provider's metadata, fetched once (again after a failure). */
  function provider(): Promise<Configuration> {
    if (!settings) throw new AppError('not_found', 'Single sign-on is not configured on this server');
    discovered ??= library()
      .then((client) =>
        client.discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, {
          execute: settings.issuer.startsWith('http:') ? [client.allowInsecureRequests] : [],
          timeout: 10,
        }),
      )
      .catch((err: unknown) => {
        discovered = null;
        log.error({ err, issuer: settings.issuer }, 'OIDC discovery failed');
        throw new AppError('unavailable', `The identity provider at ${settings.issuer} does not answer; try again in a moment`);
      });
    return discovered;
  }

  const redirectUri = (origin: string): string => `${origin}/api/auth/oidc/callback`;

  return {
    /** Null when single sign-on is off; else the name the sign-in button shows. */
    offered: (): { name: string } | null => (settings ? { name: settings.name } : null),

    /** Where to send the browser, and the state it must bring back (kept in a cookie too). */
    async start(returnTo: string | undefined, origin: string): Promise<{ url: string; state: string }> {
      const configuration = await provider();
      const client = await library();
      const state = newSecret();
      const nonce = client.randomNonce();
      const codeVerifier = client.randomPKCECodeVerifier();
      await repo.insertOidcLogin(db, {
        stateHash: hashSecret(state),
        codeVerifier,
        nonce,
        returnTo: safeReturnTo(returnTo),
        expiresAt: new Date(Date.now() + inFlightMs),
      });
      const url = client.buildAuthorizationUrl(configuration, {
        redirect_uri: redirectUri(origin),
        scope: 'openid email profile',
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url: url.href, state };
    },

    /**
     * The provider sent the browser back with `query`: the person signed in,
     * and where to land. Everything that does not check out is an SsoRefused
     * with a reason for the sign-in page; nothing is changed then.
     */
    async callback(query: URLSearchParams, stateCookie: string | undefined, origin: string, from: Client) {
      const providerError = query.get('error');
      if (providerError) throw new SsoRefused(`The identity provider refused: ${query.get('error_description') ?? providerError}`);
      const state = query.get('state') ?? '';
      if (!state || state !== stateCookie) throw new SsoRefused('This sign-in did not start in this browser (or took too long); start it again');
      const pending = await repo.takeOidcLogin(db, hashSecret(state), new Date());
      if (!pending) throw new SsoRefused('This sign-in has expired or was used already; start it again');
      const configuration = await provider();
      const client = await library();
      const current = new URL(redirectUri(origin));
      current.search = query.toString();
      let claims: Claims;
      try {
        const tokens = await client.authorizationCodeGrant(configuration, current, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
        const idToken = tokens.claims();
        if (!idToken) throw new SsoRefused('The identity provider sent no ID token');
        claims = idToken;
        // Many providers keep the email out of the ID token: ask the UserInfo endpoint (for this same subject).
        if (typeof idToken.email !== 'string') {
          const info = await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
          claims = { sub: idToken.sub, email: info.email, email_verified: info.email_verified, name: info.name ?? idToken.name };
        }
      } catch (err) {
        if (err instanceof SsoRefused) throw err;
        log.warn({ err }, 'OIDC code exchange refused');
        throw new SsoRefused(`The identity provider's answer did not check out (${err instanceof Error ? err.message : 'unknown error'}); start again`);
      }
      const issuer = configuration.serverMetadata().issuer;
      const userId = await accountFor(issuer, claims);
      const membership = await repo.primaryMembership(db, userId);
      if (!membership) throw new SsoRefused('This account no longer belongs to any workspace');
      const signedIn = await auth.signInWithSso(userId, membership.workspaceId, from);
      return { ...signedIn, returnTo: pending.returnTo };
    },
  };

  /** The account this identity signs into, bound or created as the rules say. */
  async function accountFor(issuer: string, claims: Claims): Promise<string> {
    const bound = await repo.findIdentity(db, issuer, claims.sub);
    if (bound) return bound.userId;
    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
    if (!email) throw new SsoRefused('The identity provider did not tell your email address (the `email` scope)');
    if (claims.email_verified !== true) throw new SsoRefused(`The identity provider has not verified ${email}; verify it there first`);
    const existing = await repo.findUserByEmail(db, email);
    if (existing) {
      await repo.insertIdentity(db, { issuer, subject: claims.sub, userId: existing.id });
      return existing.id;
    }
    const domain = email.slice(email.lastIndexOf('@') + 1);
    const userId = newId();
    const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 120) : email.slice(0, email.indexOf('@'));
    // No password of their own: they sign in by SSO (or set one with a reset link).
    const passwordHash = await hashPassword(newSecret());
    // Someone invited this address as a member: the invite is how they join.
    if (await invites.joinBySso(email, { id: userId, name, passwordHash })) {
      await repo.insertIdentity(db, { issuer, subject: claims.sub, userId });
      return userId;
    }
    const workspace = await repo.workspaceAdmittingDomain(db, domain);
    if (!workspace) throw new SsoRefused(`No workspace on this server admits ${domain} by single sign-on; ask an owner to invite you`);
    await db.transaction(async (tx) => {
      await repo.insertUser(tx, { id: userId, email, name, passwordHash });
      await repo.upsertMembership(tx, { workspaceId: workspace.id, userId, role: 'member' });
      await repo.insertIdentity(tx, { issuer, subject: claims.sub, userId });
      await repo.insertAudit(tx, { workspaceId: workspace.id, actorId: userId, action: 'user.sso_join', subjectId: userId, data: { domain } });
    });
    return userId;
  }
}
