import { loginInput, passwordChangeInput, passwordResetInput, passwordResetRequest, signupInput, tokenCreateInput } from '@casehub/contract';
import { Hono } from 'hono';
import { deleteCookie } from 'hono/cookie';
import type { Config } from '../../config.js';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { publicOrigin } from '../../http/origin.js';
import { parseJson } from '../../http/validate.js';
import { clientAddress } from '../../http/client.js';
import { setSession } from '../../http/session-cookie.js';
import type { PasswordResetService } from './password-reset.js';
import { sessionCookieName, type AuthService } from './service.js';

export function authRoutes(deps: { auth: AuthService; resets: PasswordResetService; config: Config }) {
  const { auth, resets, config } = deps;
  return new Hono<AppEnv>()
    .post('/auth/signup', async (c) => {
      const input = await parseJson(c, signupInput);
      const { me, session } = await auth.signup(input, clientAddress(c, config.trustProxyHops));
      setSession(c, config, session);
      return c.json(me, 201);
    })
    .post('/auth/login', async (c) => {
      const input = await parseJson(c, loginInput);
      const previous = c.get('actor');
      const { me, session } = await auth.login(input, clientAddress(c, config.trustProxyHops));
      // Rotate: a session id known before sign-in is never the one after.
      if (previous) await auth.logout(previous);
      setSession(c, config, session);
      return c.json(me);
    })
    .post('/auth/logout', async (c) => {
      const actor = c.get('actor');
      if (actor) await auth.logout(actor);
      deleteCookie(c, sessionCookieName, { path: '/' });
      return c.body(null, 204);
    })
    .post('/auth/password-reset', async (c) => {
      const { email } = await parseJson(c, passwordResetRequest);
      return c.json(resets.request(email, publicOrigin(config, c.req.url, c.req.header('host')), clientAddress(c, config.trustProxyHops)), 202);
    })
    .post('/auth/password-reset/:token', async (c) => {
      const { password } = await parseJson(c, passwordResetInput);
      await resets.complete(c.req.param('token'), password);
      return c.body(null, 204);
    })
    .post('/workspace/members/:userId/password-reset', async (c) => {
      const actor = requireActor(c);
      return c.json(await resets.issue(actor, c.req.param('userId'), publicOrigin(config, c.req.url, c.req.header('host'))), 201);
    })
    .get('/me', async (c) => {
      const actor = requireActor(c);
      return c.json(await auth.me(actor.userId, actor.workspaceId));
    })
    .post('/auth/password', async (c) => {
      const actor = requireActor(c);
      const input = await parseJson(c, passwordChangeInput);
      setSession(c, config, await auth.changePassword(actor, input.currentPassword, input.newPassword));
      return c.body(null, 204);
    })
    .post('/tokens', async (c) => {
      const actor = requireActor(c);
      const { name } = await parseJson(c, tokenCreateInput);
      return c.json(await auth.createToken(actor, name), 201);
    })
    .get('/tokens', async (c) => c.json({ tokens: await auth.listTokens(requireActor(c)) }))
    .delete('/tokens/:id', async (c) => {
      await auth.revokeToken(requireActor(c), c.req.param('id'));
      return c.body(null, 204);
    });
}
