// Sign-in with Microsoft Entra ID: OpenID Connect against the landlord's own tenant (a tenant-specific
// issuer, so no other tenant's users get in), authorisation code with PKCE, state and nonce checked by
// openid-client. MFA is the tenant's. Who may use the console is still decided here: the account must exist.
export interface EntraConfig {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** https://login.microsoftonline.com, or another authority (a national cloud; a stand-in in tests). */
  authority: string;
  /** Where Entra sends people back: <public base>/staff/sign-in/entra/callback. */
  redirectUri: string;
}

export interface EntraState {
  state: string;
  nonce: string;
  verifier: string;
}

export interface EntraSignIn {
  redirectBase: string;
  start(): Promise<{ url: string; state: EntraState }>;
  /** The person's stable id in the tenant ("<tid>:<oid>") and sign-in name; throws on anything not right. */
  finish(callbackUrl: URL, state: EntraState): Promise<{ subject: string; username?: string }>;
}

type OpenIdClient = typeof import('openid-client', { with: { 'resolution-mode': 'import' } });
type Configuration = import('openid-client', { with: { 'resolution-mode': 'import' } }).Configuration;

export function createEntraSignIn(config: EntraConfig): EntraSignIn {
  const issuer = `${config.authority.replace(/\/+$/, '')}/${config.tenantId}/v2.0`;
  // openid-client is an ES module; loaded once, on first use.
  let loaded: Promise<{ client: OpenIdClient; configuration: Configuration }> | undefined;
  const load = () =>
    (loaded ??= (async () => {
      const client = await import('openid-client');
      const insecure = new URL(issuer).protocol === 'http:';
      if (insecure && !/^(127\.0\.0\.1|localhost|\[::1\])$/.test(new URL(issuer).hostname)) throw new Error('an http authority is allowed only on loopback');
      const configuration = await client.discovery(new URL(issuer), config.clientId, config.clientSecret, undefined, insecure ? { execute: [client.allowInsecureRequests] } : undefined);
      return { client, configuration };
    })().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    }));

  return {
    redirectBase: new URL(config.redirectUri).origin,
    async start() {
      const { client, configuration } = await load();
      const state: EntraState = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier() };
      const url = client.buildAuthorizationUrl(configuration, {
        redirect_uri: config.redirectUri,
        scope: 'openid profile email',
        response_type: 'code',
        code_challenge: await client.calculatePKCECodeChallenge(state.verifier),
        code_challenge_method: 'S256',
        state: state.state,
        nonce: state.nonce,
      });
      return { url: url.href, state };
    },
    async finish(callbackUrl, state) {
      const { client, configuration } = await load();
      const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, { pkceCodeVerifier: state.verifier, expectedState: state.state, expectedNonce: state.nonce });
      const claims = tokens.claims();
      if (!claims) throw new Error('no ID token');
      const tid = typeof claims['tid'] === 'string' ? claims['tid'] : undefined;
      const oid = typeof claims['oid'] === 'string' ? claims['oid'] : claims.sub;
      if (tid !== config.tenantId) throw new Error('token from another tenant');
      const name = claims['preferred_username'] ?? claims['email'];
      return { subject: `${tid}:${oid}`, ...(typeof name === 'string' ? { username: name.toLowerCase() } : {}) };
    },
  };
}
