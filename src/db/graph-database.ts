import neo4j, {
  type Driver,
  type ManagedTransaction,
  type QueryResult,
  type RecordShape,
  Neo4jError,
  isDate,
  isDateTime,
  isDuration,
  isInt,
  isLocalDateTime,
  isLocalTime,
  isTime,
} from 'neo4j-driver';
import { AppError } from '../errors';

export const APP_NAME = 'newsgraph';
/** How long a transaction is retried on transient errors, by the driver and by `read`. */
export const TRANSACTION_RETRY_MS = 10_000;
const FIRST_RETRY_DELAY_MS = 1_000;

export type Params = Record<string, unknown>;
export type Row = Record<string, unknown>;

/**
 * The one way to the database: a single read runs as an auto-commit transaction, anything else in
 * a managed transaction; both are retried on transient errors, run in a session closed in
 * `finally` and are tagged with the app's name; values come back as plain JavaScript; driver
 * errors come back as AppError with a code.
 */
export class GraphDatabase {
  /** Bolt round trips made through this instance (transactions committed or attempted). */
  roundTrips = 0;

  constructor(
    readonly driver: Driver,
    private readonly database?: string,
  ) {}

  /**
   * Runs a read query and returns its rows as plain objects. One statement needs no explicit
   * transaction: it runs as an auto-commit one, a single Bolt round trip (RUN and PULL sent
   * together) where BEGIN … COMMIT takes two. Transient errors are retried as the driver retries
   * its managed transactions: a read can always run again.
   */
  async read<T = Row>(cypher: string, params: Params = {}): Promise<T[]> {
    const started = Date.now();
    for (let delay = FIRST_RETRY_DELAY_MS; ; delay *= 2) {
      const session = this.session('READ');
      let failure: unknown;
      try {
        this.roundTrips += 1;
        return rows<T>(await session.run(cypher, params, { metadata: { app: APP_NAME } }));
      } catch (e) {
        failure = e;
      } finally {
        await session.close();
      }
      const wait = delay * (0.8 + 0.4 * Math.random());
      if (!Neo4jError.isRetryable(failure) || Date.now() - started + wait > TRANSACTION_RETRY_MS) throw mapDriverError(failure);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /** Runs a write query and returns its rows as plain objects. */
  async write<T = Row>(cypher: string, params: Params = {}): Promise<T[]> {
    return this.writeTransaction(async (tx) => rows<T>(await tx.run(cypher, params)));
  }

  readTransaction<T>(work: (tx: ManagedTransaction) => Promise<T>, metadata: Params = {}): Promise<T> {
    return this.transaction('READ', work, metadata);
  }

  writeTransaction<T>(work: (tx: ManagedTransaction) => Promise<T>, metadata: Params = {}): Promise<T> {
    return this.transaction('WRITE', work, metadata);
  }

  /** One attempt, no retries, bounded in time: for health checks, which must answer quickly either way. */
  async ping(timeoutMs = 3000): Promise<void> {
    const session = this.session('READ');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new AppError('DATABASE_UNAVAILABLE', `the database did not answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      this.roundTrips += 1;
      await Promise.race([session.run('RETURN 1', {}, { timeout: timeoutMs, metadata: { app: APP_NAME } }), timeout]);
    } catch (e) {
      throw mapDriverError(e);
    } finally {
      clearTimeout(timer);
      void session.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  private session(mode: 'READ' | 'WRITE') {
    return this.driver.session({ database: this.database, defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE });
  }

  private async transaction<T>(mode: 'READ' | 'WRITE', work: (tx: ManagedTransaction) => Promise<T>, metadata: Params): Promise<T> {
    const session = this.session(mode);
    const config = { metadata: { app: APP_NAME, ...metadata } };
    try {
      this.roundTrips += 1;
      return mode === 'READ' ? await session.executeRead(work, config) : await session.executeWrite(work, config);
    } catch (e) {
      throw mapDriverError(e);
    } finally {
      await session.close();
    }
  }
}

/** Rows of a result as plain objects, with Neo4j integers and temporal values converted. */
export function rows<T = Row>(result: QueryResult<RecordShape>): T[] {
  return result.records.map((record) => toPlain(record.toObject()) as T);
}

/** Converts driver values: integers to numbers, dates and times to ISO strings, nodes to their properties. */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(toPlain);
  // Maps are most of what comes back: plain objects need no driver type checks.
  if (Object.getPrototypeOf(value) === Object.prototype) return plainMap(value as Record<string, unknown>);
  if (isInt(value)) return value.inSafeRange() ? value.toNumber() : value.toString();
  if (isDate(value) || isDateTime(value) || isLocalDateTime(value) || isTime(value) || isLocalTime(value) || isDuration(value)) {
    return value.toString();
  }
  const v = value as { properties?: unknown; elementId?: unknown };
  if (v.elementId !== undefined && v.properties !== undefined) return toPlain(v.properties);
  return plainMap(value as Record<string, unknown>);
}

function plainMap(map: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in map) if (Object.hasOwn(map, key)) out[key] = toPlain(map[key]);
  return out;
}

const UNAVAILABLE = new Set(['ServiceUnavailable', 'SessionExpired', 'Neo.TransientError.General.DatabaseUnavailable']);

/** Maps driver errors to AppError codes; anything unexpected is passed on unchanged. */
export function mapDriverError(e: unknown): unknown {
  if (e instanceof AppError) return e;
  if (!(e instanceof Neo4jError)) return e;
  if (UNAVAILABLE.has(e.code) || e.code.startsWith('Neo.ClientError.Cluster')) {
    return new AppError('DATABASE_UNAVAILABLE', `the database cannot be reached: ${e.message}`, undefined, { cause: e });
  }
  if (e.code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
    return new AppError('CONFLICT', `the write conflicts with existing data: ${e.message}`, undefined, { cause: e });
  }
  if (e.code === 'Neo.ClientError.Security.Unauthorized') {
    return new AppError('DATABASE_UNAVAILABLE', 'the database refused the credentials (check NEO4J_USER and NEO4J_PASSWORD)', undefined, {
      cause: e,
    });
  }
  return e;
}
