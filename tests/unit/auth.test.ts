import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type GenerateKeyPairResult, type KeyLike } from 'jose';
import { Authenticator } from '../../src/auth';
import { AppError } from '../../src/errors';

/** A key provider on a local port: it publishes one public key, or fails as told. */
class KeyProvider {
  answer: 'keys' | 'error' | 'not a key set' = 'keys';
  requests = 0;
  private server = http.createServer((_req, res) => {
    this.requests++;
    if (this.answer === 'error') {
      res.statusCode = 500;
      res.end('provider down');
      return;
    }
    if (this.answer === 'not a key set') {
      res.setHeader('content-type', 'text/html');
      res.end('<html>maintenance</html>');
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [this.jwk] }));
  });

  constructor(private readonly jwk: object) {}

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/.well-known/jwks.json`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const sign = (key: KeyLike, kid: string, roles: string[]) =>
  new SignJWT({ roles }).setProtectedHeader({ alg: 'ES256', kid }).setSubject('desk-editor').setExpirationTime('5m').sign(key);

/** The error a promise rejects with, to compare its code and message. */
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e as AppError,
  );

describe('Authenticator with a JWKS URL', () => {
  let published: GenerateKeyPairResult<KeyLike>;
  let other: GenerateKeyPairResult<KeyLike>;
  let provider: KeyProvider;
  let url: string;

  beforeAll(async () => {
    published = await generateKeyPair('ES256');
    other = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(published.publicKey)), kid: 'k1', alg: 'ES256' };
    provider = new KeyProvider(jwk);
    url = await provider.start();
  });

  afterAll(() => provider.stop());

  const authenticator = () => new Authenticator({ apiKeys: [], readsRequireAuth: false, jwt: { jwksUrl: url, rolesClaim: 'roles' } });

  it('accepts a token signed with a published key, with the role it claims', async () => {
    const viewer = await authenticator().viewer({ authorization: `Bearer ${await sign(published.privateKey, 'k1', ['editor'])}` });
    expect(viewer).toEqual({ id: 'desk-editor', role: 'editor', via: 'jwt' });
  });

  it('refuses a token the key set does not vouch for as UNAUTHENTICATED', async () => {
    const unknownKey = await failure(authenticator().viewer({ authorization: `Bearer ${await sign(other.privateKey, 'k9', ['editor'])}` }));
    expect([unknownKey.code, unknownKey.message]).toEqual(['UNAUTHENTICATED', expect.stringMatching(/^the token is not valid/)]);
    const forged = await failure(authenticator().viewer({ authorization: `Bearer ${await sign(other.privateKey, 'k1', ['editor'])}` }));
    expect([forged.code, forged.message]).toEqual(['UNAUTHENTICATED', expect.stringMatching(/signature/)]);
  });

  it('refuses a token signed with a shared secret or unsigned as UNAUTHENTICATED, without asking for the key set', async () => {
    const before = provider.requests;
    const hmac = await new SignJWT({ roles: ['editor'] })
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setSubject('desk-editor')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a shared secret of thirty-two characters'));
    const unsigned = [Buffer.from('{"alg":"none"}').toString('base64url'), hmac.split('.')[1], 'x'].join('.');
    for (const token of [hmac, unsigned]) {
      const refused = await failure(authenticator().viewer({ authorization: `Bearer ${token}` }));
      expect([refused.code, refused.message]).toEqual(['UNAUTHENTICATED', expect.stringMatching(/^the token is not valid .*alg/)]);
    }
    expect(provider.requests).toBe(before);
  });

  it('reports a key set it cannot fetch or read as AUTH_UNAVAILABLE, naming the URL, and not as a bad token', async () => {
    for (const answer of ['error', 'not a key set'] as const) {
      provider.answer = answer;
      try {
        const before = provider.requests;
        const refused = await failure(
          authenticator().viewer({ authorization: `Bearer ${await sign(published.privateKey, 'k1', ['reader'])}` }),
        );
        expect(provider.requests).toBeGreaterThan(before);
        expect(refused.code).toBe('AUTH_UNAVAILABLE');
        expect(refused.message).toBe(`the token could not be checked: the key set at ${url} is unavailable`);
        // What went wrong is kept for the log, not told to the caller.
        expect(refused.cause).toBeInstanceOf(Error);
      } finally {
        provider.answer = 'keys';
      }
    }
    const closed = new Authenticator({
      apiKeys: [],
      readsRequireAuth: false,
      jwt: { jwksUrl: 'http://127.0.0.1:9/jwks.json', rolesClaim: 'roles' },
    });
    const unreachable = await failure(closed.viewer({ authorization: `Bearer ${await sign(published.privateKey, 'k1', ['reader'])}` }));
    expect([unreachable.code, unreachable.message]).toEqual(['AUTH_UNAVAILABLE', expect.stringContaining('http://127.0.0.1:9/jwks.json')]);
  });
});
