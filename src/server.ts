import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { Authenticator, type Viewer } from './auth';
import type { AuthConfig } from './config';
import type { GraphDatabase } from './db/graph-database';
import { AppError } from './errors';
import { createContext, type Context } from './graphql/context';
import { formatError } from './graphql/errors';
import { exampleOperations } from './graphql/examples';
import { compilingGateway } from './graphql/executor';
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
  const httpServer = http.createServer(app);
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
  const authenticator = new Authenticator(deps.auth ?? { apiKeys: [], readsRequireAuth: false });
  // Credentials are checked before GraphQL runs: a bad one, or none when reads need one, is a 401 in GraphQL's error shape.
  const authenticate: express.RequestHandler = (req, res, next) => {
    authenticator
      .viewer(req.headers)
      .then((viewer) => {
        if (!viewer && authenticator.readsRequireAuth)
          throw new AppError('UNAUTHENTICATED', 'this server needs a credential for every request');
        res.locals.viewer = viewer;
        next();
      })
      .catch((e: unknown) => {
        if (!(e instanceof AppError)) return next(e);
        res.status(401).json({ errors: [{ message: e.message, extensions: { code: e.code } }] });
      });
  };
  app.use(
    '/graphql',
    authenticate,
    express.json({ limit: '5mb' }),
    expressMiddleware(apollo, { context: async ({ res }) => createContext(deps.db, (res.locals.viewer as Viewer | null) ?? null) }),
  );

  return {
    httpServer,
    apollo,
    async stop() {
      await apollo.stop();
    },
  };
}
