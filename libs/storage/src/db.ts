import type { PGliteInterface, Transaction } from '@electric-sql/pglite';
import { Pool, Query, type PoolClient, type QueryConfig, type QueryResult, type Submittable } from 'pg';
import { BindWriter, JsonParam, plainParams, type BindConfig } from './jsonParam';

export type Row = Record<string, unknown>;

/** The few things our repositories need from PostgreSQL; implemented by pg and by PGlite with the same SQL. */
export interface Db {
  readonly kind: 'postgres' | 'pglite';
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
export type Queryable = Pick<Db, 'query'> & {
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
};

/** Positional parameters for one statement built from parts: `add` returns the placeholder of a value. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Names of the statements PgDb prepares on each connection, by their text (see prepared()). */
const preparedNames = new Map<string, string>();
/** A bound on prepared statements per connection, should a text passed to prepared() ever vary from call to call. */
const MAX_PREPARED = 32;

/**
 * Marks a hot statement's text for a server-side prepared statement: PostgreSQL parses and plans it once per
 * connection instead of on every call (a fixed text with positional parameters only). PGlite runs it as before.
 */
export function prepared(sql: string): string {
  if (!preparedNames.has(sql) && preparedNames.size < MAX_PREPARED) preparedNames.set(sql, `im${preparedNames.size}`);
  return sql;
}

export type PgDbOptions = {
  /** Most connections open at once. */
  max?: number;
  /** Connections kept open however long they idle (warm ones, see warm()); the rest close after idleTimeoutMillis. */
  min?: number;
  idleTimeoutMillis?: number;
  /** Shown in pg_stat_activity, so an operator sees which app holds a connection. */
  applicationName?: string;
};

export class PgDb implements Db {
  readonly kind = 'postgres' as const;
  readonly pool: Pool;
  constructor(url: string, { max = 10, min = 0, idleTimeoutMillis = 10_000, applicationName }: PgDbOptions = {}) {
    this.pool = new Pool({
      connectionString: url,
      max,
      min: Math.min(min, max),
      idleTimeoutMillis,
      application_name: applicationName,
      connectionTimeoutMillis: 3000,
    });
    // an idle client that loses its server must not crash the process; the next query reports it
    this.pool.on('error', () => undefined);
  }

  /**
   * Opens `n` connections now and runs `warmUp` on each in a transaction it rolls back, so no request later pays for
   * a backend's start and its first use of the tables (catalog and plan caches): about 40 ms of server CPU each.
   * Returns how many connections were warmed; one that could not open or warm up is left to open on demand.
   */
  async warm(n: number, warmUp: (tx: Queryable) => Promise<void>): Promise<number> {
    const opened = await Promise.allSettled(Array.from({ length: n }, () => this.pool.connect()));
    const clients = opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const warmed = await Promise.allSettled(
      clients.map(async (client) => {
        try {
          await client.query('BEGIN');
          await warmUp({
            query: async <R extends Row>(sql: string, params?: unknown[]) => ({
              rows: (await client.query(sql, params as unknown[])).rows as R[],
            }),
            exec: async (sql: string) => void (await client.query(sql)),
          });
        } finally {
          await client.query('ROLLBACK');
        }
      }),
    );
    // a client whose warm-up failed may be broken: destroyed, not kept
    clients.forEach((c, i) => c.release(warmed[i].status === 'rejected' || undefined));
    return warmed.filter((r) => r.status === 'fulfilled').length;
  }

  async query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<{ rows: T[] }> {
    const name = preparedNames.get(sql);
    if (params?.some((v) => v instanceof JsonParam)) return this.queryWithJson<T>(sql, name, params);
    const r = name
      ? await this.pool.query({ name, text: sql, values: params as unknown[] })
      : await this.pool.query(sql, params as unknown[]);
    return { rows: r.rows as T[] };
  }
  /** query() with JsonParam values: the Bind message written by a BindWriter, one kept for when none is in flight. */
  private bindWriter?: BindWriter = new BindWriter();
  private queryWithJson<T extends Row>(sql: string, name: string | undefined, params: unknown[]) {
    return this.withClient(async (client, broken) => {
      const writer = this.bindWriter ?? new BindWriter();
      if (writer === this.bindWriter) this.bindWriter = undefined;
      try {
        const r = await new Promise<QueryResult>((resolve, reject) =>
          client.query(
            new JsonParamQuery({ text: sql, name, values: params }, writer, (err, res) =>
              err ? reject(err) : resolve(res),
            ) as unknown as Submittable,
          ),
        );
        return { rows: r.rows as T[] };
      } catch (err) {
        // as pool.query does: a client whose query failed is not handed out again
        broken(err as Error);
        throw err;
      } finally {
        // the writer's buffer is free again: the server has answered (or the socket is gone), so nothing still reads it
        this.bindWriter = writer;
      }
    });
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.withClient(async (client, broken) => {
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async <R extends Row>(sql: string, params?: unknown[]) => ({
            rows: (await client.query(sql, plainParams(params) as unknown[])).rows as R[],
          }),
          exec: async (sql: string) => void (await client.query(sql)),
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(broken);
        throw err;
      }
    });
  }

  /**
   * Runs fn on a client checked out of the pool. A checked-out client has no pool listener: without ours, its server
   * dropping the socket crashes the process. The client is destroyed, not handed to the next caller, when its
   * connection broke or fn called it broken.
   */
  private async withClient<T>(fn: (client: PoolClient, broken: (err: Error) => void) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let lost: Error | undefined;
    const broken = (err: Error) => void (lost ??= err);
    client.on('error', broken);
    try {
      return await fn(client, broken);
    } finally {
      client.removeListener('error', broken);
      client.release(lost);
    }
  }
  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** PGlite (Postgres in WebAssembly) under a data directory: the embedded default, same SQL as the server. */
export class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  private chain: Promise<unknown> = Promise.resolve();
  private constructor(private readonly pg: PGliteInterface) {}

  static async open(dataDir?: string): Promise<PgliteDb> {
    const { PGlite } = await import('@electric-sql/pglite');
    const pg = dataDir ? new PGlite(dataDir) : new PGlite();
    await pg.waitReady;
    return new PgliteDb(pg);
  }
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<{ rows: T[] }> {
    return this.pg.query<T>(sql, plainParams(params));
  }
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    // PGlite runs one transaction at a time; chain them so callers need not care
    const run = this.chain.then(() =>
      this.pg.transaction((tx: Transaction) =>
        fn({
          query: (sql: string, params?: unknown[]) => tx.query(sql, plainParams(params)),
          exec: async (sql: string) => void (await tx.exec(sql)),
        }),
      ),
    );
    this.chain = run.catch(() => undefined);
    return run as Promise<T>;
  }
  async close(): Promise<void> {
    await this.pg.close();
  }
}

type PgConnection = { bind(config: BindConfig): void; _send?: (message: Buffer) => unknown };
type QueryInternals = { values?: unknown[]; prepare(connection: PgConnection): void };
const BaseQuery = Query as unknown as new (
  config: QueryConfig,
  values: undefined,
  callback: (err: Error | null, res: QueryResult) => void,
) => QueryInternals;

/**
 * node-postgres's own Query, but its Bind message comes from a BindWriter, so a JsonParam's bytes are written into the
 * message directly (the rest is byte for byte pg-protocol's). Should a pg release no longer send messages through
 * Connection._send, the JsonParams go as strings instead: slower, the same text stored.
 */
class JsonParamQuery extends BaseQuery {
  constructor(
    config: QueryConfig,
    private readonly writer: BindWriter,
    callback: (err: Error | null, res: QueryResult) => void,
  ) {
    super(config, undefined, callback);
  }
  override prepare(connection: PgConnection): void {
    const send = connection._send;
    if (typeof send !== 'function') {
      this.values = plainParams(this.values);
      return super.prepare(connection);
    }
    // for this one message only: pg's prepare() calls bind() between parse() and describe()
    connection.bind = (config) => void send.call(connection, this.writer.bind(config));
    try {
      super.prepare(connection);
    } finally {
      delete (connection as Partial<PgConnection>).bind;
    }
  }
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
]);

/** True when a database error means "not reachable right now" (worth a retry), not a bad query. */
export function isStoreUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  return (
    !!e &&
    (UNAVAILABLE_CODES.has(e.code ?? '') ||
      /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test(e.message ?? ''))
  );
}
