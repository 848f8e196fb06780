// A stand-in for Microsoft Entra ID on loopback: discovery, an authorisation endpoint that signs in whoever
// the test says, a token endpoint that checks the client secret and the PKCE verifier, and its signing keys.
// Tokens carry Entra's claims (tid, oid, preferred_username) and are signed RS256 with a key made per run.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInUser {
  oid: string;
  preferredUsername: string;
  /** A token from another directory than the one configured. */
  tenantId?: string;
}

export interface OidcStandIn {
  authority: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Who signs in at the next authorisation request. */
  nextUser: StandInUser;
  /** Token requests refused (wrong secret or verifier). */
  refused: string[];
  close(): Promise<void>;
}

export async function startOidcStandIn(): Promise<OidcStandIn> {
  // jose is published only as an ES module.
  const { exportJWK, generateKeyPair, SignJWT } = await import('jose');
  const tenantId = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
  const clientId = 'b1c2d3e4-0000-4000-8000-00000000c0de';
  const clientSecret = randomBytes(16).toString('hex');
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'stand-in-1', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { challenge: string; nonce: string; redirectUri: string; user: StandInUser }>();
  const refused: string[] = [];
  let base = '';
  const issuer = () => `${base}/${tenantId}/v2.0`;

  const state: OidcStandIn = {
    authority: '',
    tenantId,
    clientId,
    clientSecret,
    nextUser: { oid: 'unset', preferredUsername: 'unset' },
    refused,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', base);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === `/${tenantId}/v2.0/.well-known/openid-configuration`) {
      return json(200, {
        issuer: issuer(),
        authorization_endpoint: `${base}/${tenantId}/oauth2/v2.0/authorize`,
        token_endpoint: `${base}/${tenantId}/oauth2/v2.0/token`,
        jwks_uri: `${base}/${tenantId}/discovery/v2.0/keys`,
        response_types_supported: ['code'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      });
    }
    if (url.pathname === `/${tenantId}/discovery/v2.0/keys`) return json(200, { keys: [jwk] });
    if (url.pathname === `/${tenantId}/oauth2/v2.0/authorize`) {
      const q = url.searchParams;
      if (q.get('client_id') !== clientId || q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge') || q.get('response_type') !== 'code') return json(400, { error: 'invalid_request' });
      const code = randomBytes(16).toString('hex');
      codes.set(code, { challenge: q.get('code_challenge')!, nonce: q.get('nonce') ?? '', redirectUri: q.get('redirect_uri') ?? '', user: state.nextUser });
      const back = new URL(q.get('redirect_uri') ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state') ?? '');
      res.writeHead(302, { Location: back.href });
      return res.end();
    }
    if (url.pathname === `/${tenantId}/oauth2/v2.0/token` && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const form = new URLSearchParams(body);
      const basic = req.headers.authorization?.startsWith('Basic ') ? Buffer.from(req.headers.authorization.slice(6), 'base64').toString().split(':').map(decodeURIComponent) : undefined;
      const [id, secret] = basic ?? [form.get('client_id'), form.get('client_secret')];
      const grant = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (id !== clientId || secret !== clientSecret) return refused.push('client'), json(401, { error: 'invalid_client' });
      if (!grant || grant.challenge !== challenge || grant.redirectUri !== form.get('redirect_uri')) return refused.push('grant'), json(400, { error: 'invalid_grant' });
      const tid = grant.user.tenantId ?? tenantId;
      const idToken = await new SignJWT({ tid, oid: grant.user.oid, preferred_username: grant.user.preferredUsername, nonce: grant.nonce, name: 'Stand-in user' })
        .setProtectedHeader({ alg: 'RS256', kid: jwk.kid })
        .setIssuer(issuer())
        .setAudience(clientId)
        .setSubject(`pairwise-${grant.user.oid}`)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey);
      return json(200, { token_type: 'Bearer', access_token: randomBytes(16).toString('hex'), expires_in: 600, id_token: idToken });
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.authority = base;
  return state;
}
