// panva's oidc-provider (OpenID Certified), as an organisation would run it, for the dashboard's sign-in tests.
// Configured by environment variables, listens on a free loopback port and prints its issuer on the first line:
//   CLIENT_ID     the dashboard's public client (PKCE, no secret), REDIRECT_URI its redirect URI
//   RESOURCE      BreachDesk's resource indicator (RFC 8707); its JWT access tokens have it as their audience
//   TOKENS        "jwt": tokens are for BreachDesk even when no resource is asked for (a provider set up for one API);
//                 "opaque": the provider's default, an opaque token for its own userinfo unless `resource` is sent
//   ACCESS_TOKEN_TTL  seconds; ACCOUNTS  JSON {login: {name, email, roles}}, the people who may sign in
// The login and consent pages are the provider's own development pages (any password is accepted).
import { createServer } from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';

const { CLIENT_ID, REDIRECT_URI, RESOURCE, TOKENS = 'opaque' } = process.env;
const accessTokenTtl = Number(process.env.ACCESS_TOKEN_TTL ?? 3600);
const accounts = JSON.parse(process.env.ACCOUNTS ?? '{}');

const signingKey = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'rs256-1', alg: 'RS256', use: 'sig' };

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: CLIENT_ID,
    token_endpoint_auth_method: 'none',
    redirect_uris: [REDIRECT_URI],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
  }],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'] },
  findAccount: (_ctx, id) => accounts[id] && {
    accountId: id,
    claims: () => ({ sub: id, preferred_username: id, name: accounts[id].name, email: accounts[id].email }),
  },
  ttl: { AccessToken: accessTokenTtl },
  // The page is served from the client's redirect origin only.
  clientBasedCORS: (_ctx, origin, client) => client.redirectUris.some((uri) => new URL(uri).origin === origin),
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: (_ctx, _client, oneOf) => oneOf ?? (TOKENS === 'jwt' ? RESOURCE : undefined),
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resourceIndicator) => {
        if (resourceIndicator !== RESOURCE) throw new Provider.errors.InvalidTarget();
        return { scope: 'breachdesk', audience: RESOURCE, accessTokenTTL: accessTokenTtl, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
      },
    },
  },
  // Who the person is and what BreachDesk roles they hold, in BreachDesk's access token.
  extraTokenClaims: (_ctx, token) => {
    const account = token.accountId && accounts[token.accountId];
    return account && { preferred_username: token.accountId, name: account.name, email: account.email, roles: account.roles ?? [] };
  },
});
provider.on('server_error', (_ctx, error) => console.error(`server_error: ${error.stack}`));
provider.on('grant.error', (_ctx, error) => console.error(`grant.error: ${error.message} ${error.error_description ?? ''}`));
provider.on('authorization.error', (_ctx, error) => console.error(`authorization.error: ${error.message} ${error.error_description ?? ''}`));
provider.on('grant.success', (ctx) => console.log(`grant.success ${ctx.oidc.params.grant_type}`));
server.on('request', provider.callback());
console.log(`issuer=${issuer}`);

process.on('SIGTERM', () => server.close(() => process.exit(0)));
