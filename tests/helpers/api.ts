import type { AddressInfo } from 'node:net';
import type { GraphDatabase } from '../../src/db/graph-database';
import { createServer, type AppServer } from '../../src/server';

/** The real HTTP server on a free port, for tests that speak HTTP to it. */
export class TestApi {
  private constructor(
    private readonly server: AppServer,
    readonly url: string,
  ) {}

  static async start(db: GraphDatabase, options: { debugErrors?: boolean } = {}): Promise<TestApi> {
    const server = await createServer({ db, debugErrors: options.debugErrors });
    await new Promise<void>((resolve) => server.httpServer.listen(0, '127.0.0.1', resolve));
    const { port } = server.httpServer.address() as AddressInfo;
    return new TestApi(server, `http://127.0.0.1:${port}`);
  }

  /** POSTs a GraphQL operation and returns the parsed body with the HTTP status. */
  async graphql<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<{ status: number; data?: T; errors?: { message: string; extensions?: { code?: string } }[] }> {
    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
}
