import { type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Config } from '../../config.js';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { publicOrigin } from '../../http/origin.js';
import { clientAddress, clientOf } from '../../http/client.js';
import { cookieSecure, setSession } from '../../http/session-cookie.js';
import { SsoRefused, type OidcService } from './oidc.js';
import type { PasswordResetService } from './password-reset.js';
import { sessionCookieName, type AuthService, type Client, type NewSession } from './service.js';
import type { TwoFactorService } from './two-factor.js';
import { routes } from '../../http/endpoint.js';

/** Holds a single sign-on's state in the browser that started it (login CSRF). */
const oidcStateCookie = 'casehub_oidc';

export function authRoutes(deps: { auth: AuthService; resets: PasswordResetService; twoFactor: TwoFactorService; oidc: OidcService; config: Config }) {
  const { auth, resets, twoFactor, oidc, config } = deps;
  const client = (c: Context<AppEnv>): Client => clientOf(c, config.trustProxyHops);
  const origin = (c: Context<AppEnv>): string => publicOrigin(config, c.req.url, c.req.header('host'));
  /** Rotate: a session id known before sign-in is never the one after. */
  async function startSession(c: Context<AppEnv>, session: NewSession): Promise<void> {
    const previous = c.get('actor');
    if (previous) await auth.logout(previous);
    setSession(c, config, session);
  }
  return routes((on) => {
    on('POST /api/auth/signup', async (c, { body }) => {
      const input = await body();
      const { me, session } = await auth.signup(input, client(c));
      setSession(c, config, session);
      return c.json(me, 201);
    });
    on('POST /api/auth/login', async (c, { body }) => {
      const input = await body();
      const result = await auth.login(input, client(c));
      if ('twoFactor' in result) return c.json(result);
      await startSession(c, result.session);
      return c.json(result.me);
    });
    on('POST /api/auth/login/2fa', async (c, { body }) => {
      const { challenge, code } = await body();
      const { me, session, recoveryCodes } = await auth.loginSecondFactor(challenge, code, client(c));
      await startSession(c, session);
      return c.json(recoveryCodes ? { ...me, recoveryCodes } : me);
    });
    on('POST /api/auth/login/2fa/setup', async (c, { body }) => {
      const { challenge } = await body();
      return c.json(await twoFactor.setupForChallenge(challenge));
    });
    on('GET /api/auth/options', (c) => c.json({ sso: oidc.offered(), signup: config.signup }));
    on('GET /api/auth/oidc/start', async (c, { query }) => {
      const { returnTo } = query();
      const { url, state } = await oidc.start(returnTo, origin(c));
      setCookie(c, oidcStateCookie, state, {
        httpOnly: true,
        // Lax: the provider's redirect back is a top-level GET navigation, which carries it.
        sameSite: 'Lax',
        path: '/api/auth/oidc',
        maxAge: 600,
        secure: cookieSecure(c, config),
      });
      return c.redirect(url, 302);
    });
    on('GET /api/auth/oidc/callback', async (c) => {
      const stateCookie = getCookie(c, oidcStateCookie);
      deleteCookie(c, oidcStateCookie, { path: '/api/auth/oidc' });
      try {
        const { session, returnTo } = await oidc.callback(new URL(c.req.url).searchParams, stateCookie, origin(c), client(c));
        await startSession(c, session);
        return c.redirect(returnTo, 302);
      } catch (err) {
        if (!(err instanceof SsoRefused)) throw err;
        c.get('log').info({ reason: err.message }, 'single sign-on refused');
        return c.redirect(`/login?sso_error=${encodeURIComponent(err.message)}`, 302);
      }
    });
    on('POST /api/auth/logout', async (c) => {
      const actor = c.get('actor');
      if (actor) await auth.logout(actor);
      deleteCookie(c, sessionCookieName, { path: '/' });
      return c.body(null, 204);
    });
    on('POST /api/auth/password-reset', async (c, { body }) => {
      const { email } = await body();
      return c.json(await resets.request(email, origin(c), clientAddress(c, config.trustProxyHops)), 202);
    });
    on('POST /api/auth/password-reset/{token}', async (c, { body, params }) => {
      const { password } = await body();
      await resets.complete(params.token, password);
      return c.body(null, 204);
    });
    on('POST /api/workspace/members/{userId}/password-reset', async (c, { params }) => {
      const actor = requireActor(c);
      return c.json(await resets.issue(actor, params.userId, origin(c)), 201);
    });
    on('DELETE /api/workspace/members/{userId}/2fa', async (c, { params }) => {
      await twoFactor.resetFor(requireActor(c), params.userId);
      return c.body(null, 204);
    });
    on('GET /api/workspace/security', async (c) => c.json({ ...(await auth.security(requireActor(c))), sso: oidc.offered() }));
    on('PUT /api/workspace/security', async (c, { body }) => {
      const actor = requireActor(c);
      const input = await body();
      return c.json({ ...(await auth.setSecurity(actor, input, oidc.offered() !== null)), sso: oidc.offered() });
    });
    on('GET /api/me/2fa', async (c) => c.json(await twoFactor.status(requireActor(c))));
    on('POST /api/me/2fa/setup', async (c) => c.json(await twoFactor.setup(requireActor(c))));
    on('POST /api/me/2fa/confirm', async (c, { body }) => {
      const actor = requireActor(c);
      const { code } = await body();
      return c.json({ recoveryCodes: await twoFactor.confirm(actor, code) });
    });
    on('DELETE /api/me/2fa', async (c, { body }) => {
      const actor = requireActor(c);
      const { password } = await body();
      await twoFactor.disable(actor, password);
      return c.body(null, 204);
    });
    on('GET /api/sessions', async (c) => c.json({ sessions: await auth.listSessions(requireActor(c)) }));
    on('DELETE /api/sessions/{id}', async (c, { params }) => {
      await auth.endSession(requireActor(c), params.id);
      return c.body(null, 204);
    });
    on('POST /api/sessions/sign-out-others', async (c) => c.json({ ended: await auth.endOtherSessions(requireActor(c)) }));
    on('GET /api/me', async (c) => {
      const actor = requireActor(c);
      return c.json(await auth.me(actor.userId, actor.workspaceId));
    });
    on('POST /api/auth/password', async (c, { body }) => {
      const actor = requireActor(c);
      const input = await body();
      setSession(c, config, await auth.changePassword(actor, input.currentPassword, input.newPassword, client(c)));
      return c.body(null, 204);
    });
    on('POST /api/tokens', async (c, { body }) => {
      const actor = requireActor(c);
      return c.json(await auth.createToken(actor, await body()), 201);
    });
    on('GET /api/tokens', async (c) => c.json({ tokens: await auth.listTokens(requireActor(c)) }));
    on('DELETE /api/tokens/{id}', async (c, { params }) => {
      await auth.revokeToken(requireActor(c), params.id);
      return c.body(null, 204);
    });
  });
}
