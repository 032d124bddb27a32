import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { ApolloServer } from '@apollo/server';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { generateKeyPair, SignJWT } from 'jose';
import { Authenticator } from '../../src/auth';
import type { Context } from '../../src/graphql/context';
import { graphqlEndpoint } from '../../src/graphql/http-endpoint';

const LIMIT = 1_000;
const schema = makeExecutableSchema({
  typeDefs: 'type Query { greeting(name: String!): String! viewer: String }',
  resolvers: {
    Query: {
      greeting: (_: unknown, { name }: { name: string }) => `hello, ${name}`,
      viewer: (_: unknown, _args: unknown, context: { viewer: { id: string } | null }) => context.viewer?.id ?? null,
    },
  },
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  json: { data?: Record<string, unknown>; errors?: { message: string; extensions: { code: string } }[] };
}

describe('the GraphQL HTTP endpoint', () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const logged: unknown[] = [];
  let apollo: ApolloServer<Context>;
  let server: http.Server;
  let failing: http.Server;
  let keyless: http.Server;
  let connections = 0;

  const listen = async (handler: http.RequestListener): Promise<http.Server> => {
    const s = http.createServer(handler);
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    return s;
  };

  beforeAll(async () => {
    apollo = new ApolloServer<Context>({ schema });
    await apollo.start();
    const options = {
      authenticator: new Authenticator({ apiKeys: [{ name: 'desk', role: 'reader', key: 'k'.repeat(24) }], readsRequireAuth: false }),
      context: (viewer: unknown) => ({ viewer }) as unknown as Context,
      logError: (e: unknown) => logged.push(e),
      maxBodyBytes: LIMIT,
    };
    server = await listen(graphqlEndpoint(apollo, options));
    server.on('connection', () => connections++);
    const broken = { executeHTTPGraphQLRequest: () => Promise.reject(new Error('the executor fell over')) };
    failing = await listen(graphqlEndpoint(broken as unknown as ApolloServer<Context>, options));
    // Tokens checked against a key set that cannot be fetched: nothing listens on port 9.
    const unreachable = { jwksUrl: 'http://127.0.0.1:9/jwks.json', rolesClaim: 'roles' };
    keyless = await listen(
      graphqlEndpoint(apollo, { ...options, authenticator: new Authenticator({ apiKeys: [], readsRequireAuth: false, jwt: unreachable }) }),
    );
  });

  afterAll(async () => {
    agent.destroy();
    await apollo.stop();
    await Promise.all([server, failing, keyless].map((s) => new Promise((resolve) => s.close(resolve))));
  });

  const send = (
    body: Buffer | string | null,
    headers: Record<string, string> = {},
    { to = server, method = 'POST', path = '/graphql' } = {},
  ): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const { port } = to.address() as AddressInfo;
      const request = http.request({ host: '127.0.0.1', port, path, method, agent, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: response.statusCode!, headers: response.headers, json: JSON.parse(text) as Answer['json'] });
        });
      });
      request.on('error', reject);
      request.end(body ?? undefined);
    });
  const json = { 'content-type': 'application/json' };
  const greeting = JSON.stringify({ query: 'query ($name: String!) { greeting(name: $name) }', variables: { name: 'Vientiane' } });

  it('answers a JSON POST, and the same body compressed with gzip, deflate or br', async () => {
    const plain = await send(greeting, json);
    expect(plain.status).toBe(200);
    expect(plain.json).toEqual({ data: { greeting: 'hello, Vientiane' } });
    const compressed = {
      gzip: zlib.gzipSync(greeting),
      deflate: zlib.deflateSync(greeting),
      br: zlib.brotliCompressSync(greeting),
    };
    for (const [encoding, body] of Object.entries(compressed)) {
      const answer = await send(body, { ...json, 'content-encoding': encoding });
      expect({ encoding, status: answer.status, json: answer.json }).toEqual({ encoding, status: 200, json: plain.json });
    }
  });

  it('answers a GET with the operation in the query string', async () => {
    const path = `/graphql?query=${encodeURIComponent('{ greeting(name: "Laos") }')}`;
    const answer = await send(null, { 'apollo-require-preflight': 'yes' }, { method: 'GET', path });
    expect(answer.json).toEqual({ data: { greeting: 'hello, Laos' } });
  });

  it('refuses a body that is not JSON with 400, saying where it breaks', async () => {
    // The closing brace is missing: the parser stops at the end of the text.
    const cut = '{"query": "{ greeting(name: \\"x\\") }"';
    const answer = await send(cut, json);
    expect(answer.status).toBe(400);
    expect(answer.json.errors).toEqual([
      {
        message: expect.stringMatching(new RegExp(`^the request body is not valid JSON: .*position ${cut.length}\\b`)),
        extensions: { code: 'BAD_REQUEST' },
      },
    ]);
  });

  it('refuses a body over the limit with 413, whether its length is declared, streamed or only known once decompressed', async () => {
    const big = JSON.stringify({ query: `{ greeting(name: "${'x'.repeat(LIMIT)}") }` });
    const cases = {
      declared: await send(big, json),
      streamed: await send(big, { ...json, 'transfer-encoding': 'chunked' }),
      decompressed: await send(zlib.gzipSync(big), { ...json, 'content-encoding': 'gzip' }),
    };
    for (const [how, answer] of Object.entries(cases)) {
      expect({ how, status: answer.status, errors: answer.json.errors }).toEqual({
        how,
        status: 413,
        errors: [{ message: `the request body is larger than the ${LIMIT} bytes allowed`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
      });
    }
    // Compressed, the body is limited as sent too: gzip members that inflate to nothing are not read without end.
    const empties = Buffer.concat(Array.from({ length: 100 }, () => zlib.gzipSync('')));
    expect(empties.length).toBeGreaterThan(LIMIT);
    const hollow = await send(empties, { ...json, 'content-encoding': 'gzip' });
    expect([hollow.status, hollow.json.errors![0]!.extensions.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    // A body just under the limit still goes through.
    const fits = JSON.stringify({ query: `{ greeting(name: "${'x'.repeat(LIMIT - 40)}") }` });
    expect(Buffer.byteLength(fits)).toBeLessThanOrEqual(LIMIT);
    expect((await send(fits, json)).status).toBe(200);
  });

  it('lets a client still sending a large body read the 413, on a connection then closed', async () => {
    const huge = Buffer.alloc(8 * 1024 * 1024, 'x');
    for (const headers of [json, { ...json, 'transfer-encoding': 'chunked' }]) {
      const answer = await send(huge, headers);
      expect([answer.status, answer.headers.connection, answer.json.errors![0]!.extensions.code]).toEqual([
        413,
        'close',
        'PAYLOAD_TOO_LARGE',
      ]);
      // The next request needs a new connection.
      const before = connections;
      expect((await send(greeting, json)).status).toBe(200);
      expect(connections).toBe(before + 1);
    }
    // A client that reads only once it has sent everything: closed on while sending, it would see a reset instead.
    const { port } = server.address() as AddressInfo;
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.pause();
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      socket.on('error', reject);
      socket.write(`POST /graphql HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: ${huge.length}\r\n\r\n`);
      socket.write(huge, () => setTimeout(() => socket.resume(), 100));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 413 .*"code":"PAYLOAD_TOO_LARGE"/s);
  });

  it('refuses an encoding or a charset it cannot read with 415, and a corrupt compressed body with 400', async () => {
    const zstd = await send(greeting, { ...json, 'content-encoding': 'zstd' });
    expect([zstd.status, zstd.json.errors![0]!.extensions.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect(zstd.json.errors![0]!.message).toMatch(/"zstd" is not supported/);
    const latin1 = await send(greeting, { 'content-type': 'application/json; charset=latin1' });
    expect([latin1.status, latin1.json.errors![0]!.message]).toEqual([415, expect.stringMatching(/charset "latin1" is not supported/)]);
    const corrupt = await send('not gzip at all', { ...json, 'content-encoding': 'gzip' });
    expect([corrupt.status, corrupt.json.errors![0]!.message]).toEqual([
      400,
      expect.stringMatching(/^the request body could not be read: /),
    ]);
  });

  it('leaves a body of another media type to Apollo, which refuses a form-like one as a possible cross-site request', async () => {
    const answer = await send(greeting, { 'content-type': 'text/plain' });
    expect(answer.status).toBe(400);
    expect(answer.json.errors![0]!.message).toMatch(/Cross-Site Request Forgery/);
  });

  it('checks the credential first: a bad key is 401, a good one reaches the resolvers, and the connection stays open', async () => {
    const refused = await send(greeting, { ...json, 'x-api-key': 'not-a-key' });
    expect([refused.status, refused.json.errors]).toEqual([
      401,
      [{ message: 'the API key is not valid', extensions: { code: 'UNAUTHENTICATED' } }],
    ]);
    const afterRefusal = connections;
    const known = await send(JSON.stringify({ query: '{ viewer }' }), { ...json, 'x-api-key': 'k'.repeat(24) });
    expect(known.json).toEqual({ data: { viewer: 'desk' } });
    expect(connections).toBe(afterRefusal);
  });

  it('answers 503 when a token cannot be checked because its key set cannot be fetched, and logs why', async () => {
    logged.length = 0;
    const { privateKey } = await generateKeyPair('ES256');
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setSubject('s')
      .setExpirationTime('5m')
      .sign(privateKey);
    const answer = await send(greeting, { ...json, authorization: `Bearer ${token}` }, { to: keyless });
    expect(answer.status).toBe(503);
    expect(answer.json.errors).toEqual([
      {
        message: expect.stringContaining('the key set at http://127.0.0.1:9/jwks.json is unavailable'),
        extensions: { code: 'AUTH_UNAVAILABLE' },
      },
    ]);
    expect(answer.json.errors![0]!.message).not.toMatch(/ECONNREFUSED/);
    expect(logged).toHaveLength(1);
    expect((logged[0] as Error).cause).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('answers a failure of its own with 500 and a generic message, and reports the error', async () => {
    logged.length = 0;
    const answer = await send(greeting, json, { to: failing });
    expect(answer.status).toBe(500);
    expect(answer.json.errors).toEqual([
      { message: 'internal error: the request could not be completed', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    ]);
    expect(logged).toEqual([new Error('the executor fell over')]);
  });
});
