import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express from 'express';
import { Authenticator } from './auth';
import type { AuthConfig } from './config';
import type { GraphDatabase } from './db/graph-database';
import { createContext, type Context } from './graphql/context';
import { formatError } from './graphql/errors';
import { exampleOperations } from './graphql/examples';
import { compilingGateway } from './graphql/executor';
import { graphqlEndpoint } from './graphql/http-endpoint';
import { costLimit, depthLimit } from './graphql/limits';
import { playgroundAssets, playgroundPage } from './graphql/playground';
import { buildSchema } from './graphql/schema';

export interface ServerDependencies {
  db: GraphDatabase;
  /** Who may read and write; by default reads are open and no credential is accepted for writes. */
  auth?: AuthConfig;
  debugErrors?: boolean;
  /** Where unexpected errors are reported; they never reach clients in full unless debugErrors is on. */
  logError?: (error: unknown) => void;
}

export interface AppServer {
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  stop(): Promise<void>;
}

const DEFAULT_QUERY = `# The knowledge graph of news reporting. Try:
{
  health { status }
  documents(first: 10) {
    totalCount
    edges { node { id title publishedOn publisher { name } } }
  }
}
`;

/** Builds the HTTP server with its routes; the caller decides when and where it listens. */
export async function createServer(deps: ServerDependencies): Promise<AppServer> {
  const app = express();
  // Answers are POSTed queries: a hash of every body would cost time and no client revalidates them.
  app.set('etag', false);
  app.disable('x-powered-by');
  const httpServer = http.createServer();
  const schema = buildSchema();
  const apollo = new ApolloServer<Context>({
    // The schema, with an executor that compiles an operation asked again (see executor.ts).
    gateway: compilingGateway(schema),
    validationRules: [depthLimit()],
    formatError: formatError(deps.debugErrors ?? false, deps.logError),
    includeStacktraceInErrorResponses: deps.debugErrors ?? false,
    introspection: true,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // No field carries a cache hint; the default plugin would still visit every resolved field.
      ApolloServerPluginCacheControlDisabled(),
      costLimit(schema),
    ],
  });
  await apollo.start();

  app.get('/health', async (_req, res) => {
    try {
      await deps.db.ping();
      res.json({ status: 'up', database: 'up' });
    } catch (e) {
      res.status(503).json({ status: 'down', database: 'down', message: (e as Error).message });
    }
  });
  app.use('/playground', playgroundAssets());
  const page = playgroundPage('/graphql', '/playground', DEFAULT_QUERY, exampleOperations());
  app.get(['/', '/graphql'], (req, res, next) => {
    if (req.method === 'GET' && req.accepts(['json', 'html']) === 'html' && !req.query.query) {
      res.type('html').send(page);
      return;
    }
    next();
  });
  const graphql = graphqlEndpoint(apollo, {
    authenticator: new Authenticator(deps.auth ?? { apiKeys: [], readsRequireAuth: false }),
    context: (viewer) => createContext(deps.db, viewer),
    logError: deps.logError ?? (() => undefined),
  });
  app.use('/graphql', graphql);
  // GraphQL POSTs go straight to their endpoint; everything else, GraphQL GETs included, through Express's routes.
  httpServer.on('request', (req, res) => {
    if (req.method === 'POST' && (req.url === '/graphql' || req.url?.startsWith('/graphql?'))) graphql(req, res);
    else app(req, res);
  });

  return {
    httpServer,
    apollo,
    async stop() {
      await apollo.stop();
    },
  };
}
