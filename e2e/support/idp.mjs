// A real OpenID provider (the `oidc-provider` library) for the Playwright
// suite's single sign-on test: its sign-in page is a plain form that signs in
// whatever email is typed (verified unless "unverified" is in it), because it
// stands for a company's identity provider, not for a test of one.
import http from 'node:http';
import Provider from 'oidc-provider';

const page = (uid) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test IdP sign-in</title></head>
<body><h1>Test IdP</h1><form method="post" action="/interaction/${uid}">
<label>Work email <input name="email" type="email" required></label>
<button type="submit">Continue</button></form></body></html>`;

/** Starts the provider on `port`, for one client whose callback is `redirectUri`. */
export async function startIdp({ port, clientId, clientSecret, redirectUri }) {
  const issuer = `http://127.0.0.1:${port}`;
  const accounts = new Map();
  const provider = new Provider(issuer, {
    clients: [
      { client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['the e2e identity provider signs its cookies with this'] },
    findAccount: (_ctx, id) => {
      const email = accounts.get(id);
      return email
        ? { accountId: id, claims: () => ({ sub: id, email, email_verified: !email.includes('unverified'), name: email.split('@')[0] }) }
        : undefined;
    },
    loadExistingGrant: async (ctx) => {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId || !ctx.oidc.client) return undefined;
      const grant = new ctx.oidc.provider.Grant({ accountId, clientId: ctx.oidc.client.clientId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  const callback = provider.callback();
  const server = http.createServer((req, res) => {
    const match = /^\/interaction\/([\w-]+)$/.exec(req.url ?? '');
    if (!match) return void callback(req, res);
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(match[1]));
      return;
    }
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const email = new URLSearchParams(body).get('email') ?? '';
      const accountId = `idp-${email}`;
      accounts.set(accountId, email);
      provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false }).catch((err) => {
        res.writeHead(500).end(String(err));
      });
    });
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { issuer, close: () => new Promise((resolve) => server.close(resolve)) };
}
