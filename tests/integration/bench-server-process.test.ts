import { postGraphQL } from '../../bench/http-client';
import { startServerProcess, type ServerProcess } from '../../bench/server-process';

describe("the benchmark's API server process", () => {
  const editorKey = 'bench-process-test-key';
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({
      kind: 'api',
      neo4jUri: process.env.TEST_NEO4J_URI!,
      neo4jUser: process.env.TEST_NEO4J_USER ?? 'neo4j',
      neo4jPassword: process.env.TEST_NEO4J_PASSWORD || undefined,
      editorKey,
    });
  });
  afterAll(() => server?.stop());

  it('serves the API from a process of its own and counts the round trips it makes', async () => {
    expect(server.pid).not.toBe(process.pid);
    const before = await server.status();
    const { data } = await postGraphQL(server.url, 'query ($id: ID!) { node(id: $id) { id __typename ... on Place { name } } }', {
      id: 'place:kunming',
    });
    expect(data).toEqual({ node: { id: 'place:kunming', __typename: 'Place', name: 'Kunming' } });
    const after = await server.status();
    expect(after.roundTrips).toBe(before.roundTrips! + 1);
  });

  it("reports the server's own memory, and its peak over a sample", async () => {
    // Memory this process holds is not the server's: the server reports less than what was added here.
    const held = Buffer.alloc(512 * 2 ** 20, 1);
    const sample = await server.sampleMemory();
    await Promise.all(Array.from({ length: 20 }, () => postGraphQL(server.url, '{ search(text: "Kunming") { id label } }', {})));
    const during = await server.status();
    const peaks = await sample.stop();
    expect(process.memoryUsage().rss / 2 ** 20).toBeGreaterThan(held.length / 2 ** 20);
    expect(peaks.rssMb).toBeLessThan(held.length / 2 ** 20);
    expect(peaks.rssMb).toBeGreaterThanOrEqual(during.rssMb);
    expect(peaks.heapMb).toBeGreaterThanOrEqual(during.heapMb);
    expect(peaks.heapMb).toBeGreaterThan(0);
  });

  it('takes the editor key it was given and no other', async () => {
    const mutation = 'mutation { retractClaim(id: "claim:no-such-claim", reason: "test") { alreadyRetracted } }';
    await expect(postGraphQL(server.url, mutation, {}, { authorization: 'Bearer another-key' })).rejects.toThrow(/credential|key/i);
    await expect(postGraphQL(server.url, mutation, {}, { authorization: `Bearer ${editorKey}` })).rejects.toThrow(/claim:no-such-claim/);
  });

  it('ends its process when stopped, and then says so when asked rather than failing uncaught', async () => {
    await server.stop();
    expect(() => process.kill(server.pid, 0)).toThrow();
    await expect(server.status()).rejects.toThrow(/server process ended/);
    await server.stop();
  });
});
