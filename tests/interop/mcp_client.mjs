// The official MCP TypeScript SDK's client against the MCP server of
// examples/mcp_server.rs, with tokens from oidc-provider (server.mjs), and no
// browser. Run by tests/test_interop_mcp.rs:
//
//   node mcp_client.mjs MCP_URL
//
// The SDK does the OAuth work itself: on the first 401 it reads the
// challenge's resource_metadata and scope, fetches the protected resource
// metadata (RFC 9728) and the authorization server's metadata, registers a
// client (RFC 7591), and starts an authorization code request with PKCE.
// This script's OAuthClientProvider keeps everything in memory, and its
// redirectToAuthorization plays the user agent and the user: it follows
// oidc-provider's redirects, signs in as `alice` on the login form, confirms
// the consent form, and reads the authorization code from the redirect to
// the client's redirect_uri (never served: the Location header is enough).
// As the SDK documents, a `REDIRECT` ends the call with UnauthorizedError;
// the script then calls `transport.finishAuth(code)` (the token request)
// and makes the call again.
//
// Sequence: connect (initialize: 401, discovery, registration,
// authorization, token), tools/list, read_file, write_file (403
// insufficient_scope: the SDK authorizes again with the challenge's scope),
// delete_file (403 again), read_file.
//
// Output, on stdout, one JSON object a line:
//   {"kind":"http", ...}       one per HTTP exchange the SDK made: method,
//                              path, status, WWW-Authenticate, and the scope
//                              asked for and granted where there is one
//   {"kind":"authorize", ...}  one per authorization: the scope and resource
//                              asked for, the forms filled in
//   {"kind":"step", ...}       one per MCP operation, with its outcome
//   {"kind":"summary", ...}    last: counts, and "ok"
// Exits 1 on any failure, after {"kind":"error", ...}.

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';

const mcpUrl = process.argv[2] ?? process.env.MCP_URL;
if (!mcpUrl) {
  console.error('usage: node mcp_client.mjs MCP_URL');
  process.exit(2);
}

// Never listened on: the authorization code is read from the Location
// header of the redirect to it. A loopback redirect URI of a native client
// (RFC 8252 §7.3).
const REDIRECT_URL = 'http://127.0.0.1:9/callback';
const LOGIN = 'alice';

const emit = (object) => process.stdout.write(`${JSON.stringify(object)}\n`);

let step = 'connect';
const counts = { authorizations: 0, registrations: 0, token_requests: 0 };

// --- instrumentation: every request the SDK makes goes through this ---

function formOrJson(body) {
  if (body === undefined || body === null) return undefined;
  const text = body instanceof URLSearchParams ? body.toString() : String(body);
  try {
    return JSON.parse(text);
  } catch {
    return Object.fromEntries(new URLSearchParams(text));
  }
}

async function tracingFetch(input, init = {}) {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const method = (init.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  const request = formOrJson(init.body);
  const response = await fetch(input, init);
  const line = {
    kind: 'http',
    step,
    method,
    url: url.href,
    path: url.pathname,
    status: response.status,
    www_authenticate: response.headers.get('www-authenticate') ?? undefined,
  };
  if (url.href === mcpUrl && request?.method) {
    line.rpc = request.method;
    if (request.method === 'tools/call') line.tool = request.params?.name;
  }
  const json = await response.clone().json().catch(() => undefined);
  if (url.pathname.startsWith('/.well-known/')) {
    line.metadata = json;
  } else if (request?.grant_type) {
    counts.token_requests += 1;
    line.grant_type = request.grant_type;
    line.resource = request.resource;
    line.scope_granted = json?.scope;
    line.error = json?.error;
  } else if (method === 'POST' && request?.redirect_uris) {
    counts.registrations += 1;
    line.scope_requested = request.scope;
    line.scope_registered = json?.scope;
    line.client_id = json?.client_id;
  }
  emit(line);
  return response;
}

// --- the user agent and the user, for oidc-provider's dev interactions ---

const cookies = new Map();

function keepCookies(response) {
  for (const header of response.headers.getSetCookie()) {
    const [pair, ...attributes] = header.split(';');
    const at = pair.indexOf('=');
    const name = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    const expired = attributes.some((a) => {
      const [k, v] = a.split('=').map((s) => s.trim());
      return (k.toLowerCase() === 'expires' && Date.parse(v) < Date.now())
        || (k.toLowerCase() === 'max-age' && Number(v) <= 0);
    });
    if (expired || value === '') cookies.delete(name);
    else cookies.set(name, value);
  }
}

function cookieHeader() {
  return [...cookies].map(([n, v]) => `${n}=${v}`).join('; ');
}

// Follows the authorization server until it redirects to REDIRECT_URL;
// returns the authorization code. Cookies go to the authorization server
// only (one origin: the authorization URL's).
async function authorizeHeadlessly(authorizationUrl) {
  const origin = new URL(authorizationUrl).origin;
  const forms = [];
  let url = authorizationUrl.href;
  let init = { method: 'GET' };
  for (let hops = 0; hops < 20; hops += 1) {
    if (url.startsWith(REDIRECT_URL)) {
      const params = new URL(url).searchParams;
      if (params.get('error')) {
        throw new Error(`authorization refused: ${params.get('error')}: ${params.get('error_description')}`);
      }
      const code = params.get('code');
      if (!code) throw new Error(`no code in the redirect: ${url}`);
      return { code, forms };
    }
    if (new URL(url).origin !== origin) throw new Error(`redirected off the authorization server: ${url}`);
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...init.headers, cookie: cookieHeader() },
    });
    keepCookies(response);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url).href;
      init = { method: 'GET' };
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"[^>]*method="post"/i.exec(html)?.[1];
    if (response.status !== 200 || !action) {
      throw new Error(`unexpected answer from ${url}: ${response.status} ${html.slice(0, 300)}`);
    }
    const login = /name="login"/.test(html);
    forms.push(login ? 'login' : 'consent');
    const body = login
      ? new URLSearchParams({ prompt: 'login', login: LOGIN, password: 'any' })
      : new URLSearchParams({ prompt: 'consent' });
    url = new URL(action.replaceAll('&amp;', '&'), url).href;
    init = {
      method: 'POST',
      body: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    };
  }
  throw new Error('too many redirects');
}

// --- the OAuthClientProvider: everything in memory ---

let pendingCode;

const provider = {
  stored: {},
  get redirectUrl() {
    return REDIRECT_URL;
  },
  get clientMetadata() {
    return {
      client_name: 'oauth-scope MCP interop client',
      redirect_uris: [REDIRECT_URL],
      application_type: 'native',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  },
  clientInformation() {
    return this.stored.client;
  },
  saveClientInformation(client) {
    this.stored.client = client;
  },
  tokens() {
    return this.stored.tokens;
  },
  saveTokens(tokens) {
    this.stored.tokens = tokens;
  },
  saveCodeVerifier(verifier) {
    this.stored.verifier = verifier;
  },
  codeVerifier() {
    if (!this.stored.verifier) throw new Error('no code verifier');
    return this.stored.verifier;
  },
  discoveryState() {
    return this.stored.discovery;
  },
  saveDiscoveryState(state) {
    this.stored.discovery = state;
  },
  invalidateCredentials(scope) {
    if (scope === 'all' || scope === 'client') delete this.stored.client;
    if (scope === 'all' || scope === 'tokens') delete this.stored.tokens;
    if (scope === 'all' || scope === 'verifier') delete this.stored.verifier;
    if (scope === 'all' || scope === 'discovery') delete this.stored.discovery;
  },
  async redirectToAuthorization(authorizationUrl) {
    counts.authorizations += 1;
    const { code, forms } = await authorizeHeadlessly(authorizationUrl);
    emit({
      kind: 'authorize',
      step,
      n: counts.authorizations,
      scope: authorizationUrl.searchParams.get('scope') ?? undefined,
      resource: authorizationUrl.searchParams.get('resource') ?? undefined,
      code_challenge_method: authorizationUrl.searchParams.get('code_challenge_method') ?? undefined,
      forms,
    });
    pendingCode = code;
  },
};

// --- the sequence ---

function newTransport() {
  return new StreamableHTTPClientTransport(new URL(mcpUrl), {
    authProvider: provider,
    fetch: tracingFetch,
  });
}

// `operation`, and once more after an authorization: the SDK ends the call
// that needed one with UnauthorizedError.
async function authorized(transport, operation, again = operation) {
  try {
    return await operation();
  } catch (error) {
    if (!(error instanceof UnauthorizedError) || pendingCode === undefined) throw error;
    const code = pendingCode;
    pendingCode = undefined;
    await transport.finishAuth(code);
    return again();
  }
}

async function main() {
  let transport = newTransport();
  let client = new Client({ name: 'oauth-scope-interop', version: '0.0.0' });
  await authorized(transport, () => client.connect(transport), async () => {
    // A failed connect closes its client and transport: start afresh, with
    // the tokens the provider now holds.
    transport = newTransport();
    client = new Client({ name: 'oauth-scope-interop', version: '0.0.0' });
    await client.connect(transport);
  });
  emit({ kind: 'step', step, ok: true, server: client.getServerVersion() });

  step = 'tools/list';
  const { tools } = await authorized(transport, () => client.listTools());
  emit({ kind: 'step', step, ok: true, tools: tools.map((t) => t.name) });

  for (const tool of ['read_file', 'write_file', 'delete_file', 'read_file']) {
    step = `tools/call ${tool}`;
    const result = await authorized(
      transport,
      () => client.callTool({ name: tool, arguments: { path: 'notes.txt' } }),
    );
    const ok = result.isError !== true;
    emit({ kind: 'step', step, ok, result });
    if (!ok) throw new Error(`${tool} failed: ${JSON.stringify(result)}`);
  }

  await client.close();
  emit({
    kind: 'summary',
    ok: true,
    ...counts,
    granted: provider.stored.tokens?.scope,
  });
}

// A hung server fails the run instead of hanging the test that waits on it.
const DEADLINE_MS = 60_000;
setTimeout(() => {
  emit({
    kind: 'error', step, message: `no end after ${DEADLINE_MS} ms`, ...counts,
  });
  process.exit(1);
}, DEADLINE_MS).unref();

try {
  await main();
} catch (error) {
  emit({
    kind: 'error', step, message: String(error?.message ?? error), ...counts,
  });
  process.exit(1);
}
