import {
  loginInput,
  oidcStartQuery,
  passwordChangeInput,
  passwordResetInput,
  passwordResetRequest,
  signupInput,
  tokenCreateInput,
  totpConfirmInput,
  twoFactorChallengeInput,
  twoFactorDisableInput,
  twoFactorLoginInput,
  workspaceSecurityInput,
} from '@casehub/contract';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Config } from '../../config.js';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { publicOrigin } from '../../http/origin.js';
import { parseJson, parseQuery } from '../../http/validate.js';
import { clientAddress, clientOf } from '../../http/client.js';
import { cookieSecure, setSession } from '../../http/session-cookie.js';
import { SsoRefused, type OidcService } from './oidc.js';
import type { PasswordResetService } from './password-reset.js';
import { sessionCookieName, type AuthService, type Client, type NewSession } from './service.js';
import type { TwoFactorService } from './two-factor.js';

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
  return new Hono<AppEnv>()
    .post('/auth/signup', async (c) => {
      const input = await parseJson(c, signupInput);
      const { me, session } = await auth.signup(input, client(c));
      setSession(c, config, session);
      return c.json(me, 201);
    })
    .post('/auth/login', async (c) => {
      const input = await parseJson(c, loginInput);
      const result = await auth.login(input, client(c));
      if ('twoFactor' in result) return c.json(result);
      await startSession(c, result.session);
      return c.json(result.me);
    })
    .post('/auth/login/2fa', async (c) => {
      const { challenge, code } = await parseJson(c, twoFactorLoginInput);
      const { me, session, recoveryCodes } = await auth.loginSecondFactor(challenge, code, client(c));
      await startSession(c, session);
      return c.json(recoveryCodes ? { ...me, recoveryCodes } : me);
    })
    .post('/auth/login/2fa/setup', async (c) => {
      const { challenge } = await parseJson(c, twoFactorChallengeInput);
      return c.json(await twoFactor.setupForChallenge(challenge));
    })
    .get('/auth/options', (c) => c.json({ sso: oidc.offered(), signup: config.signup }))
    .get('/auth/oidc/start', async (c) => {
      const { returnTo } = parseQuery(c, oidcStartQuery);
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
    })
    .get('/auth/oidc/callback', async (c) => {
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
    })
    .post('/auth/logout', async (c) => {
      const actor = c.get('actor');
      if (actor) await auth.logout(actor);
      deleteCookie(c, sessionCookieName, { path: '/' });
      return c.body(null, 204);
    })
    .post('/auth/password-reset', async (c) => {
      const { email } = await parseJson(c, passwordResetRequest);
      return c.json(await resets.request(email, origin(c), clientAddress(c, config.trustProxyHops)), 202);
    })
    .post('/auth/password-reset/:token', async (c) => {
      const { password } = await parseJson(c, passwordResetInput);
      await resets.complete(c.req.param('token'), password);
      return c.body(null, 204);
    })
    .post('/workspace/members/:userId/password-reset', async (c) => {
      const actor = requireActor(c);
      return c.json(await resets.issue(actor, c.req.param('userId'), origin(c)), 201);
    })
    .delete('/workspace/members/:userId/2fa', async (c) => {
      await twoFactor.resetFor(requireActor(c), c.req.param('userId'));
      return c.body(null, 204);
    })
    .get('/workspace/security', async (c) => c.json({ ...(await auth.security(requireActor(c))), sso: oidc.offered() }))
    .put('/workspace/security', async (c) => {
      const actor = requireActor(c);
      const input = await parseJson(c, workspaceSecurityInput);
      return c.json({ ...(await auth.setSecurity(actor, input, oidc.offered() !== null)), sso: oidc.offered() });
    })
    .get('/me/2fa', async (c) => c.json(await twoFactor.status(requireActor(c))))
    .post('/me/2fa/setup', async (c) => c.json(await twoFactor.setup(requireActor(c))))
    .post('/me/2fa/confirm', async (c) => {
      const actor = requireActor(c);
      const { code } = await parseJson(c, totpConfirmInput);
      return c.json({ recoveryCodes: await twoFactor.confirm(actor, code) });
    })
    .delete('/me/2fa', async (c) => {
      const actor = requireActor(c);
      const { password } = await parseJson(c, twoFactorDisableInput);
      await twoFactor.disable(actor, password);
      return c.body(null, 204);
    })
    .get('/sessions', async (c) => c.json({ sessions: await auth.listSessions(requireActor(c)) }))
    .delete('/sessions/:id', async (c) => {
      await auth.endSession(requireActor(c), c.req.param('id'));
      return c.body(null, 204);
    })
    .post('/sessions/sign-out-others', async (c) => c.json({ ended: await auth.endOtherSessions(requireActor(c)) }))
    .get('/me', async (c) => {
      const actor = requireActor(c);
      return c.json(await auth.me(actor.userId, actor.workspaceId));
    })
    .post('/auth/password', async (c) => {
      const actor = requireActor(c);
      const input = await parseJson(c, passwordChangeInput);
      setSession(c, config, await auth.changePassword(actor, input.currentPassword, input.newPassword, client(c)));
      return c.body(null, 204);
    })
    .post('/tokens', async (c) => {
      const actor = requireActor(c);
      return c.json(await auth.createToken(actor, await parseJson(c, tokenCreateInput)), 201);
    })
    .get('/tokens', async (c) => c.json({ tokens: await auth.listTokens(requireActor(c)) }))
    .delete('/tokens/:id', async (c) => {
      await auth.revokeToken(requireActor(c), c.req.param('id'));
      return c.body(null, 204);
    });
}
