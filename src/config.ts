import path from 'node:path';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const Env = z.object({
  NEO4J_URI: z
    .string()
    .regex(/^(neo4j|bolt)(\+s|\+ssc)?:\/\/.+/, 'must be a neo4j:// or bolt:// URI')
    .optional(),
  NEO4J_USER: z.string().default('neo4j'),
  NEO4J_PASSWORD: z.string().optional(),
  NEO4J_DATABASE: z.string().optional(),
  NEO4J_LOCAL_HOME: z.string().optional(),
  NEO4J_LOCAL_PORT: z.coerce.number().int().min(0).max(65535).default(7687),
  NEO4J_LOCAL_AUTH: bool.default(true),
  NEO4J_LOCAL_HEAP: z
    .string()
    .regex(/^\d+[mg]$/, 'a JVM size such as 512m or 1g')
    .default('768m'),
  NEO4J_LOCAL_PAGE_CACHE_MB: z.coerce.number().int().min(8).default(128),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  SEED_ON_START: bool.default(true),
  DEBUG_ERRORS: bool.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SOURCE_MAPS: bool.optional(),
  API_KEYS: z
    .string()
    .regex(
      /^\s*([A-Za-z0-9_.@-]+:(reader|editor):[^,:\s]{16,})(\s*,\s*[A-Za-z0-9_.@-]+:(reader|editor):[^,:\s]{16,})*\s*$/,
      'a comma-separated list of name:role:key (role reader or editor, key at least 16 characters)',
    )
    .optional(),
  JWT_SECRET: z.string().min(32, 'an HS256 secret of at least 32 characters').optional(),
  JWT_JWKS_URL: z.string().url().optional(),
  JWT_ISSUER: z.string().optional(),
  JWT_AUDIENCE: z.string().optional(),
  JWT_ROLES_CLAIM: z.string().default('roles'),
  READS_REQUIRE_AUTH: bool.default(false),
});

export interface Config {
  /** An existing server to use; when absent the project starts its own local Neo4j. */
  neo4j: { uri?: string; user: string; password?: string; database?: string };
  local: { home: string; port: number; auth: boolean; heap: string; pageCacheMb: number };
  http: { host: string; port: number };
  seedOnStart: boolean;
  debugErrors: boolean;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  /**
   * Stack traces mapped to TypeScript lines. Off in production: the Neo4j driver formats a stack
   * trace for every query it runs, and mapping it costs about 0.25 ms a query.
   */
  sourceMaps: boolean;
  auth: AuthConfig;
}

export type Role = 'reader' | 'editor';

export interface AuthConfig {
  apiKeys: { name: string; role: Role; key: string }[];
  jwt?: { secret?: string; jwksUrl?: string; issuer?: string; audience?: string; rolesClaim: string };
  readsRequireAuth: boolean;
}

export const PROJECT_ROOT = path.resolve(__dirname, '..');

/** Reads and validates the environment once; a bad variable stops start-up with its name and the reason. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    neo4j: { uri: e.NEO4J_URI, user: e.NEO4J_USER, password: e.NEO4J_PASSWORD, database: e.NEO4J_DATABASE },
    local: {
      home: path.resolve(PROJECT_ROOT, e.NEO4J_LOCAL_HOME ?? '.neo4j/dev'),
      port: e.NEO4J_LOCAL_PORT,
      auth: e.NEO4J_LOCAL_AUTH,
      heap: e.NEO4J_LOCAL_HEAP,
      pageCacheMb: e.NEO4J_LOCAL_PAGE_CACHE_MB,
    },
    http: { host: e.HOST, port: e.PORT },
    seedOnStart: e.SEED_ON_START,
    debugErrors: e.DEBUG_ERRORS,
    logLevel: e.LOG_LEVEL,
    sourceMaps: e.SOURCE_MAPS ?? env.NODE_ENV !== 'production',
    auth: {
      apiKeys: (e.API_KEYS ?? '')
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean)
        .map((entry) => {
          const [name, role, key] = entry.split(':') as [string, Role, string];
          return { name, role, key };
        }),
      jwt:
        e.JWT_SECRET || e.JWT_JWKS_URL
          ? { secret: e.JWT_SECRET, jwksUrl: e.JWT_JWKS_URL, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE, rolesClaim: e.JWT_ROLES_CLAIM }
          : undefined,
      readsRequireAuth: e.READS_REQUIRE_AUTH,
    },
  };
}
