import type { ManagedTransaction } from 'neo4j-driver';
import { GraphDatabase, type Params } from '../src/db/graph-database';

/** One transaction as the API ran it: its access mode, whether it was an auto-commit one, and every statement with its parameters. */
export interface RecordedTransaction {
  mode: 'READ' | 'WRITE';
  autoCommit: boolean;
  statements: { cypher: string; params: Params }[];
}

/**
 * The API's database, able to record the Cypher its repositories run (text and parameters, exactly
 * as sent), so that the benchmark can run the very same statements directly through the driver.
 */
export class RecordingDatabase extends GraphDatabase {
  recording: RecordedTransaction[] | null = null;

  override read<T>(cypher: string, params: Params = {}): Promise<T[]> {
    this.recording?.push({ mode: 'READ', autoCommit: true, statements: [{ cypher, params }] });
    return super.read<T>(cypher, params);
  }

  override readTransaction<T>(work: (tx: ManagedTransaction) => Promise<T>, metadata: Params = {}): Promise<T> {
    return super.readTransaction((tx) => work(this.record('READ', tx)), metadata);
  }

  override writeTransaction<T>(work: (tx: ManagedTransaction) => Promise<T>, metadata: Params = {}): Promise<T> {
    return super.writeTransaction((tx) => work(this.record('WRITE', tx)), metadata);
  }

  /** Records what `work` runs. */
  async capture(work: () => Promise<unknown>): Promise<RecordedTransaction[]> {
    const recorded: RecordedTransaction[] = [];
    this.recording = recorded;
    try {
      await work();
    } finally {
      this.recording = null;
    }
    return recorded;
  }

  private record(mode: 'READ' | 'WRITE', tx: ManagedTransaction): ManagedTransaction {
    const log = this.recording;
    if (log === null) return tx;
    const entry: RecordedTransaction = { mode, autoCommit: false, statements: [] };
    log.push(entry);
    return new Proxy(tx, {
      get(target, property, receiver) {
        if (property !== 'run') return Reflect.get(target, property, receiver) as unknown;
        return (cypher: string, params: Params = {}) => {
          entry.statements.push({ cypher, params });
          return target.run(cypher, params);
        };
      },
    });
  }
}
