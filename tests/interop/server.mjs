// A real authorization server for tests/test_interop.rs: oidc-provider (v9,
// OpenID Certified), on 127.0.0.1 only.
//
//   node server.mjs PORT RESOURCE_URL
//   (or the environment variables PORT and RESOURCE_URL)
//
// PORT is where it listens (the issuer is http://127.0.0.1:PORT);
// RESOURCE_URL the resource indicator (RFC 8707) of the resource server its
// access tokens are for, with the scopes api:read api:write api:admin
// (and RESOURCE_URL + "jwt", the same with JWT access tokens).
// When it listens it prints one line to stdout:
//
//   ready http://127.0.0.1:PORT
//
// Clients:
//   client / client-secret  the client under test: client_credentials,
//                           refresh_token, and the owner-approved grant below
//   rs / rs-secret          the resource server, which introspects tokens
//                           (RFC 7662) at /token/introspection
//
// Refresh tokens. oidc-provider issues them only from grants with a resource
// owner (authorization_code, device_code, CIBA), never from
// client_credentials (RFC 6749 §4.4.3: "A refresh token SHOULD NOT be
// included"). Driving a browser login headlessly would test the login pages,
// not scopes; so this server registers one extension grant (RFC 6749 §4.5),
// OWNER_APPROVED below, that stands for "the resource owner `alice` approved
// this scope": it records an oidc-provider Grant for alice with the requested
// scope and issues an access token and a refresh token from it with
// oidc-provider's own models. Refreshing then goes through oidc-provider's
// unmodified refresh_token grant, which is what the test exercises.
//
// Access tokens for RESOURCE_URL are opaque, not JWTs: oidc-provider refuses
// to introspect structured tokens ("Structured JWT Tokens cannot be
// introspected"), and the resource server of examples/resource_server.rs
// verifies tokens by introspection. The second resource, RESOURCE_URL +
// "jwt", gets JWT access tokens, whose claims the test reads.

import Provider, { errors } from 'oidc-provider';

const port = Number(process.argv[2] ?? process.env.PORT);
const resourceUrl = process.argv[3] ?? process.env.RESOURCE_URL;
if (!Number.isInteger(port) || port <= 0 || !resourceUrl) {
  console.error('usage: node server.mjs PORT RESOURCE_URL');
  process.exit(2);
}

const SCOPES = ['api:read', 'api:write', 'api:admin'];
const OWNER = 'alice';
const OWNER_APPROVED = 'urn:oauth-scope:interop:grant-type:owner-approved';

const resourceServerInfo = {
  scope: SCOPES.join(' '),
  audience: resourceUrl,
  accessTokenFormat: 'opaque',
  accessTokenTTL: 300,
};

// A second resource, RESOURCE_URL + "jwt", the same scopes, with JWT access
// tokens (RFC 9068): there the token's own `scope` claim says what it holds.
const jwtResourceUrl = new URL('jwt', resourceUrl).href;
const jwtResourceServerInfo = {
  scope: SCOPES.join(' '),
  audience: jwtResourceUrl,
  accessTokenFormat: 'jwt',
  accessTokenTTL: 300,
  jwt: { sign: { alg: 'RS256' } },
};

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: 'client',
      client_secret: 'client-secret',
      grant_types: ['client_credentials', 'refresh_token', OWNER_APPROVED],
      response_types: [],
      redirect_uris: [],
      scope: SCOPES.join(' '),
    },
    {
      client_id: 'rs',
      client_secret: 'rs-secret',
      grant_types: [],
      response_types: [],
      redirect_uris: [],
    },
  ],
  scopes: SCOPES,
  // Not the default (refresh tokens only with offline_access), so that
  // oidc-provider enables the refresh_token grant: a client allowed it gets
  // a refresh token from the grants that consult this.
  issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  findAccount: (_ctx, accountId) => (accountId === OWNER
    ? { accountId, claims: () => ({ sub: accountId }) }
    : undefined),
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => resourceUrl,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, indicator) => {
        if (indicator === resourceUrl) {
          return resourceServerInfo;
        }
        if (indicator === jwtResourceUrl) {
          return jwtResourceServerInfo;
        }
        throw new errors.InvalidTarget();
      },
    },
  },
});

// The owner-approved grant: scope and resource as for client_credentials;
// the scope must be among the client's.
provider.registerGrantType(OWNER_APPROVED, async (ctx) => {
  const { client, params } = ctx.oidc;
  const requested = [...new Set((params.scope ?? '').split(' ').filter(Boolean))];
  const resource = params.resource ?? resourceUrl;
  if (resource !== resourceUrl) {
    throw new errors.InvalidTarget();
  }
  const allowed = new Set(client.scope.split(' '));
  const refused = requested.filter((s) => !allowed.has(s));
  if (refused.length !== 0) {
    throw new errors.InvalidScope('requested scope is not allowed', refused.join(' '));
  }
  const scope = requested.join(' ');

  const grant = new provider.Grant({ accountId: OWNER, clientId: client.clientId });
  grant.addResourceScope(resource, scope);
  const grantId = await grant.save();

  const at = new provider.AccessToken({
    accountId: OWNER, client, grantId, gty: OWNER_APPROVED, scope,
  });
  at.resourceServer = new provider.ResourceServer(resource, resourceServerInfo);
  const accessToken = await at.save();

  const rt = new provider.RefreshToken({
    accountId: OWNER, client, grantId, gty: OWNER_APPROVED, scope, resource,
  });
  const refreshToken = await rt.save();

  ctx.body = {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: at.expiration,
    refresh_token: refreshToken,
    scope,
  };
}, ['scope', 'resource']);

provider.listen(port, '127.0.0.1', () => {
  console.log(`ready http://127.0.0.1:${port}`);
});
