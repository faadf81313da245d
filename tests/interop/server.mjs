// A real authorization server for tests/test_interop.rs and
// tests/test_interop_mcp.rs: oidc-provider (v9, OpenID Certified), on
// 127.0.0.1 only.
//
//   node server.mjs PORT RESOURCE_URL [MCP_RESOURCE_URL]
//   (or the environment variables PORT, RESOURCE_URL and MCP_RESOURCE_URL)
//
// PORT is where it listens (the issuer is http://127.0.0.1:PORT);
// RESOURCE_URL the resource indicator (RFC 8707) of the resource server its
// access tokens are for, with the scopes api:read api:write api:admin
// (and RESOURCE_URL + "jwt", the same with JWT access tokens);
// MCP_RESOURCE_URL, if given, that of the MCP server of
// examples/mcp_server.rs (`{base}/mcp`), with the scopes files:read
// files:write files:admin and opaque access tokens.
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
// "jwt", gets JWT access tokens, whose claims the test reads; signed with
// HS256 and the key in JWT_HS256_KEY when it is set (else RS256), which a
// second instance of the example verifies.
//
// For the MCP client (tests/interop/mcp_client.mjs, the official MCP
// TypeScript SDK), which gets its tokens as an MCP client does:
//
// - Dynamic client registration (RFC 7591, `features.registration`), open
//   (no initial access token): the SDK registers itself when it first meets
//   this server.
// - The authorization code grant with PKCE (S256, oidc-provider's default;
//   required for the SDK's public client, token_endpoint_auth_method none),
//   through oidc-provider's development interactions (`devInteractions`): a
//   login form that takes any login (the client posts `alice`) and a consent
//   form. The client drives both forms over plain HTTP, no browser.
// - No refresh tokens for it (issueRefreshToken below: only for clients
//   registered with the refresh_token grant, which the MCP client is not), so
//   each step-up is a new authorization request with the wider scope, as the
//   SDK's 403 insufficient_scope handling asks for.
// - Step-up and the registered `scope`. oidc-provider treats a client's
//   registered `scope` as the ceiling of what it may ever request
//   (authorization requests beyond it fail with invalid_scope), and the SDK
//   registers with the scope of the first challenge (files:read): its later
//   step-up to files:write and files:admin would be refused. Of the two ways
//   out — register with every scope up front, or widen the registration —
//   this server widens: `extraClientMetadata` on `scope` adds the MCP
//   resource's scopes to what a client registers with (registration route
//   only; static clients keep theirs). The client itself still asks, per
//   authorization, for only what the MCP server's challenge names, and the
//   resource owner's consent is what grants it; registering with every scope
//   would have the SDK ask for everything at once (its scope selection uses
//   the challenge first, then the metadata's scopes_supported), and the
//   step-up would not be exercised.
// - MCP_RESOURCE_URL as a resource indicator (the SDK sends the metadata's
//   `resource` verbatim), opaque access tokens, introspectable by `rs`.

import Provider, { errors } from 'oidc-provider';

const port = Number(process.argv[2] ?? process.env.PORT);
const resourceUrl = process.argv[3] ?? process.env.RESOURCE_URL;
const mcpResourceUrl = process.argv[4] ?? process.env.MCP_RESOURCE_URL;
if (!Number.isInteger(port) || port <= 0 || !resourceUrl) {
  console.error('usage: node server.mjs PORT RESOURCE_URL [MCP_RESOURCE_URL]');
  process.exit(2);
}

const SCOPES = ['api:read', 'api:write', 'api:admin'];
const MCP_SCOPES = ['files:read', 'files:write', 'files:admin'];
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
  // HS256 with a key shared with the resource server (JWT_HS256_KEY), which
  // examples/resource_server.rs verifies without a JOSE library.
  jwt: process.env.JWT_HS256_KEY
    ? { sign: { alg: 'HS256', key: Buffer.from(process.env.JWT_HS256_KEY) } }
    : { sign: { alg: 'RS256' } },
};

// The MCP server's resource: opaque tokens, so that it can introspect them.
const mcpResourceServerInfo = {
  scope: MCP_SCOPES.join(' '),
  audience: mcpResourceUrl,
  accessTokenFormat: 'opaque',
  accessTokenTTL: 300,
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
  scopes: [...SCOPES, ...MCP_SCOPES],
  // A dynamically registered client may later ask for more of the MCP
  // resource's scope than it registered with (see the top of this file).
  extraClientMetadata: {
    properties: ['scope'],
    validator: (ctx, key, value, metadata) => {
      if (key === 'scope' && ctx?.oidc?.route === 'registration') {
        const registered = (value ?? '').split(' ').filter(Boolean);
        // eslint-disable-next-line no-param-reassign
        metadata.scope = [...new Set([...registered, ...MCP_SCOPES])].join(' ');
      }
    },
  },
  // Not the default (refresh tokens only with offline_access), so that
  // oidc-provider enables the refresh_token grant: a client allowed it gets
  // a refresh token from the grants that consult this.
  issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  findAccount: (_ctx, accountId) => (accountId === OWNER
    ? { accountId, claims: () => ({ sub: accountId }) }
    : undefined),
  features: {
    // The login and consent forms the MCP client fills in.
    devInteractions: { enabled: true },
    registration: { enabled: true },
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
        if (mcpResourceUrl && indicator === mcpResourceUrl) {
          return mcpResourceServerInfo;
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
