import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

export type TestAccount = { sub: string; email: string; emailVerified: boolean; name: string };

/**
 * A real OpenID provider (the certified `oidc-provider` library) on a free
 * port, for single sign-on tests. Its one twist is the login page: instead
 * of a form, the interaction signs in whichever account the test put in
 * `signInAs` (and grants the client openid, email and profile), so tests
 * drive the real authorization code flow without typing into a page.
 */
export async function startOidcProvider(client: { clientId: string; clientSecret: string; redirectUris: string[] }) {
  const accounts = new Map<string, TestAccount>();
  const state: { signInAs: string | null } = { signInAs: null };
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: client.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['a test key that signs the provider cookies'] },
    findAccount: (_ctx: KoaContextWithOIDC, id: string) => {
      const account = accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        claims: () => ({ sub: account.sub, email: account.email, email_verified: account.emailVerified, name: account.name }),
      };
    },
    // First-party client: no consent screen, the grant is made here.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const accountId = ctx.oidc.session?.accountId;
      const clientId = ctx.oidc.client?.clientId;
      if (!accountId || !clientId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ accountId, clientId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  const callback = provider.callback();

  server.on('request', (req, res) => {
    if (!req.url?.startsWith('/interaction/')) {
      void callback(req, res);
      return;
    }
    void (async () => {
      try {
        if (!state.signInAs) throw new Error('the test named nobody to sign in');
        await provider.interactionFinished(req, res, { login: { accountId: state.signInAs } }, { mergeWithLastSubmission: false });
      } catch (err) {
        res.statusCode = 500;
        res.end(String(err));
      }
    })();
  });

  return {
    issuer,
    /** Registers an account and makes it the one the next sign-in signs in. */
    signInAs(account: TestAccount): void {
      accounts.set(account.sub, account);
      state.signInAs = account.sub;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
