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

export type Params = Record<string, unknown>;
export type Row = Record<string, unknown>;

/**
 * The one way to the database: every query runs in a managed transaction (retried by the driver on
 * transient errors), in a session closed in `finally`, tagged with the app's name; values come back
 * as plain JavaScript; driver errors come back as AppError with a code.
 */
export class GraphDatabase {
  /** Bolt round trips made through this instance (transactions committed or attempted). */
  roundTrips = 0;

  constructor(
    readonly driver: Driver,
    private readonly database?: string,
  ) {}

  /** Runs a read query and returns its rows as plain objects. */
  async read<T = Row>(cypher: string, params: Params = {}): Promise<T[]> {
    return this.readTransaction(async (tx) => rows<T>(await tx.run(cypher, params)));
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
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
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

  private async transaction<T>(mode: 'READ' | 'WRITE', work: (tx: ManagedTransaction) => Promise<T>, metadata: Params): Promise<T> {
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
    });
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
  if (value === null || value === undefined) return value ?? null;
  if (isInt(value)) return value.inSafeRange() ? value.toNumber() : value.toString();
  if (isDate(value) || isDateTime(value) || isLocalDateTime(value) || isTime(value) || isLocalTime(value) || isDuration(value)) {
    return value.toString();
  }
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === 'object') {
    const v = value as { properties?: unknown; labels?: unknown; type?: unknown; elementId?: unknown };
    if (v.elementId !== undefined && v.properties !== undefined) return toPlain(v.properties);
    const out: Record<string, unknown> = {};
    for (const [k, inner] of Object.entries(value)) out[k] = toPlain(inner);
    return out;
  }
  return value;
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
