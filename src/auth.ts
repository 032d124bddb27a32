import { createHash, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig, Role } from './config';
import { AppError } from './errors';

/** Who is calling, as established from their credential. */
export interface Viewer {
  /** The key's name, or the token's subject: what every write records as its author. */
  id: string;
  role: Role;
  via: 'api-key' | 'jwt';
}

const RANK: Record<Role, number> = { reader: 1, editor: 2 };

/** A compact JWS: three base64url parts, the header a JSON object (so it starts "eyJ"). */
const JWT_SHAPE = /^eyJ[\w-]*\.[\w-]+\.[\w-]+$/;

/**
 * Establishes the viewer from request headers: `Authorization: Bearer <API key or JWT>` or
 * `X-API-Key: <key>`. No credential gives null; a credential that does not check out is UNAUTHENTICATED.
 */
export class Authenticator {
  private readonly keys: { name: string; role: Role; digest: Buffer }[];
  private readonly jwks?: JWTVerifyGetKey;
  private readonly secret?: Uint8Array;

  constructor(private readonly config: AuthConfig) {
    this.keys = config.apiKeys.map((k) => ({ name: k.name, role: k.role, digest: digest(k.key) }));
    if (config.jwt?.jwksUrl) this.jwks = keySetAt(config.jwt.jwksUrl);
    if (config.jwt?.secret) this.secret = new TextEncoder().encode(config.jwt.secret);
  }

  get readsRequireAuth(): boolean {
    return this.config.readsRequireAuth;
  }

  async viewer(headers: { authorization?: string; 'x-api-key'?: string | string[] }): Promise<Viewer | null> {
    const credential = credentialOf(headers);
    if (credential === null) return null;
    if (JWT_SHAPE.test(credential)) return this.verifyToken(credential);
    const presented = digest(credential);
    // Compare digests in constant time, against every key, so timing says nothing about which key is near.
    const match = this.keys.reduce<(typeof this.keys)[number] | null>(
      (found, k) => (timingSafeEqual(k.digest, presented) ? k : found),
      null,
    );
    if (!match) throw new AppError('UNAUTHENTICATED', 'the API key is not valid');
    return { id: match.name, role: match.role, via: 'api-key' };
  }

  private async verifyToken(token: string): Promise<Viewer> {
    const jwt = this.config.jwt;
    if (!jwt)
      throw new AppError('UNAUTHENTICATED', 'a bearer token was given but this server accepts no tokens (set JWT_SECRET or JWT_JWKS_URL)');
    let payload: JWTPayload;
    try {
      // A token must say who it is for and when it stops being valid: one that never expires is refused.
      const options = { issuer: jwt.issuer, audience: jwt.audience, requiredClaims: ['sub', 'exp'] };
      payload = this.jwks
        ? (await jwtVerify(token, this.jwks, { ...options, algorithms: PUBLIC_KEY_ALGORITHMS })).payload
        : (await jwtVerify(token, this.secret!, { ...options, algorithms: ['HS256'] })).payload;
    } catch (e) {
      if (e instanceof AppError) throw e;
      const reason = e instanceof joseErrors.JWTExpired ? 'the token has expired' : `the token is not valid (${(e as Error).message})`;
      throw new AppError('UNAUTHENTICATED', reason);
    }
    if (!payload.sub) throw new AppError('UNAUTHENTICATED', 'the token names no subject ("sub")');
    const claimed = payload[jwt.rolesClaim];
    const roles = (Array.isArray(claimed) ? claimed : [claimed]).filter((r): r is Role => r === 'reader' || r === 'editor');
    const role = roles.sort((a, b) => RANK[b] - RANK[a])[0] ?? 'reader';
    return { id: payload.sub, role, via: 'jwt' };
  }
}

/** The viewer if they hold at least `role`: UNAUTHENTICATED without a credential, FORBIDDEN with too weak a one. */
export function requireRole(viewer: Viewer | null, role: Role, action: string): Viewer {
  if (!viewer) throw new AppError('UNAUTHENTICATED', `${action} needs an ${role} credential (Authorization: Bearer <key or token>)`);
  if (RANK[viewer.role] < RANK[role]) {
    throw new AppError('FORBIDDEN', `${action} needs the ${role} role; "${viewer.id}" is a ${viewer.role}`, { role: viewer.role });
  }
  return viewer;
}

function credentialOf(headers: { authorization?: string; 'x-api-key'?: string | string[] }): string | null {
  const key = headers['x-api-key'];
  if (typeof key === 'string' && key.trim()) return key.trim();
  const auth = headers.authorization?.trim();
  if (!auth) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(auth);
  if (!match) throw new AppError('UNAUTHENTICATED', 'the Authorization header must be "Bearer <API key or token>"');
  return match[1]!;
}

/** The algorithms a published key set's keys sign with: a token claiming another (HS256, none) is refused before any key is sought. */
const PUBLIC_KEY_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/**
 * The keys published at `url`, fetched and cached by jose. A key set that cannot be fetched or read
 * is told apart from a token it does not match: the first is the server's fault (503), the second
 * the caller's (401). The message names the URL only; the cause (an address, a status) is for the log.
 */
function keySetAt(url: string): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(new URL(url));
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (e) {
      if (!keySetFailure(e)) throw e;
      // The server's fault or its key provider's, not the token's.
      throw new AppError('AUTH_UNAVAILABLE', `the token could not be checked: the key set at ${url} is unavailable`, undefined, {
        cause: e,
      });
    }
  };
}

/**
 * Whether jose failed to get the key set rather than to match the token against it: a network
 * error (not jose's), a timeout, a document that is no key set, or jose's plain error for an answer
 * other than 200 or not JSON. Every more specific jose error (no matching key, an algorithm it
 * does not support) is about the token.
 */
function keySetFailure(e: unknown): boolean {
  if (!(e instanceof joseErrors.JOSEError)) return true;
  return e instanceof joseErrors.JWKSTimeout || e instanceof joseErrors.JWKSInvalid || e.constructor === joseErrors.JOSEError;
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}
