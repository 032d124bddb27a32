import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphDatabase } from './db/graph-database';
import { createContext, type Context } from './graphql/context';
import { formatError } from './graphql/errors';
import { exampleOperations } from './graphql/examples';
import { costLimit, depthLimit } from './graphql/limits';
import { playgroundAssets, playgroundPage } from './graphql/playground';
import { buildSchema } from './graphql/schema';

export interface ServerDependencies {
  db: GraphDatabase;
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
  const httpServer = http.createServer(app);
  const schema = buildSchema();
  const apollo = new ApolloServer<Context>({
    schema,
    validationRules: [depthLimit()],
    formatError: formatError(deps.debugErrors ?? false, deps.logError),
    includeStacktraceInErrorResponses: deps.debugErrors ?? false,
    introspection: true,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginLandingPageDisabled(), costLimit(schema)],
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
  app.use('/graphql', express.json({ limit: '2mb' }), expressMiddleware(apollo, { context: async () => createContext(deps.db) }));

  return {
    httpServer,
    apollo,
    async stop() {
      await apollo.stop();
    },
  };
}
