import type { AddressInfo } from 'node:net';
import type { AuthConfig } from '../../src/config';
import type { GraphDatabase } from '../../src/db/graph-database';
import { createServer, type AppServer } from '../../src/server';
import { testDatabase } from './database';

export interface GraphQLResponse<T> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string; [key: string]: unknown } }[];
}

/** The real HTTP server on a free port, for tests that speak HTTP to it. */
export class TestApi {
  private server?: AppServer;
  private baseUrl?: string;

  constructor(
    readonly db: GraphDatabase,
    private readonly options: { debugErrors?: boolean; auth?: AuthConfig } = {},
  ) {}

  static async start(db: GraphDatabase, options: { debugErrors?: boolean; auth?: AuthConfig } = {}): Promise<TestApi> {
    const api = new TestApi(db, options);
    await api.start();
    return api;
  }

  async start(): Promise<void> {
    this.server = await createServer({ db: this.db, debugErrors: this.options.debugErrors, auth: this.options.auth });
    await new Promise<void>((resolve) => this.server!.httpServer.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.httpServer.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
  }

  get url(): string {
    if (!this.baseUrl) throw new Error('the test API has not been started');
    return this.baseUrl;
  }

  /** POSTs a GraphQL operation and returns the parsed body with the HTTP status. */
  async graphql<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse<T>> {
    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  }

  /** Like graphql, and counts the Cypher round trips the operation made. */
  async counted<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) {
    const before = this.db.roundTrips;
    const result = await this.graphql<T>(query, variables);
    return { ...result, roundTrips: this.db.roundTrips - before };
  }

  async stop(): Promise<void> {
    await this.server?.stop();
  }
}

/** The API over the run's database for one test file: started before its tests, stopped after. */
export function useTestApi(): { db: GraphDatabase; api: TestApi } {
  const db = testDatabase();
  const api = new TestApi(db);
  beforeAll(() => api.start());
  afterAll(async () => {
    await api.stop();
    await db.close();
  });
  return { db, api };
}
