import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { Neo4jGraphQL } from '@neo4j/graphql';
import type { Driver } from 'neo4j-driver';
import { Authenticator } from '../../src/auth';
import { graphqlEndpoint } from '../../src/graphql/http-endpoint';

/** The peer: the same graph served by the Neo4j GraphQL Library, through the same HTTP endpoint as the API. */
export async function startPeerServer(driver: Driver): Promise<{ url: string; stop(): Promise<void> }> {
  const typeDefs = await readFile(path.join(__dirname, 'type-defs.graphql'), 'utf8');
  const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
  const httpServer = http.createServer();
  const apollo = new ApolloServer({ schema, plugins: [ApolloServerPluginDrainHttpServer({ httpServer })] });
  await apollo.start();
  httpServer.on(
    'request',
    graphqlEndpoint(apollo, {
      authenticator: new Authenticator({ apiKeys: [], readsRequireAuth: false }),
      context: () => ({}),
      logError: (e) => console.error(e),
    }),
  );
  const url = await listen(httpServer);
  return {
    url,
    async stop() {
      await apollo.stop();
    },
  };
}

export function listen(server: http.Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('no address'));
      resolve(`http://127.0.0.1:${address.port}/graphql`);
    });
  });
}
