import { Global, Inject, Injectable, Module, type DynamicModule } from '@nestjs/common';
import type { Pool } from 'pg';
import { DatabasePool } from './database-pool.js';

const SQL_OPTIONS = Symbol('SQL_OPTIONS');

interface SqlOptions {
  /**
   * Named statements are prepared once per connection and their plans reused. Not on an embedded database
   * (PGlite): its socket server runs every connection in one session, where a second connection preparing
   * the same name would fail.
   */
  prepare: boolean;
}

/**
 * Read queries on the hot paths (every authenticated request's session check, the profile, loan quotes) go
 * straight to the app's pg pool (DatabasePool), the one TypeORM's connections come from. `DataSource.query`
 * builds and releases a query runner around each statement, which was a quarter of the CPU of a loan quote under
 * load; and planning the loan record's query took PostgreSQL 1 ms each time, three times its execution, which a
 * prepared statement saves. Same pool, same connections, same errors (pg's, which the exception filter maps to
 * 503 when the database is down).
 */
@Injectable()
export class Sql {
  constructor(
    private readonly database: DatabasePool,
    @Inject(SQL_OPTIONS) private readonly options: SqlOptions,
  ) {}

  private get pool(): Pool {
    const pool = this.database.pool;
    if (!pool) throw new Error('the database pool is not open yet');
    return pool;
  }

  /**
   * `name` makes it a prepared statement: give each distinct text its own, stable name, and name its columns
   * (no `SELECT *`), so a migration that adds a column cannot change a prepared result's shape.
   */
  async rows<T>(text: string, params: unknown[] = [], name?: string): Promise<T[]> {
    const pool = this.pool;
    const result =
      name && (await this.canPrepare(pool))
        ? await pool.query({ name, text, values: params })
        : await pool.query(text, params);
    return result.rows as T[];
  }

  private preparing: Promise<boolean> | null = null;

  /**
   * Another process's embedded database (a second instance or a tool pointed at its socket) arrives as an
   * ordinary postgres:// URL, so the server is asked once what it is.
   */
  private canPrepare(pool: Pool): Promise<boolean> {
    if (!this.options.prepare) return Promise.resolve(false);
    this.preparing ??= pool.query<{ version: string }>('SELECT version()').then(
      (r) => !/PGlite/i.test(r.rows[0]?.version ?? ''),
      (err: unknown) => {
        this.preparing = null;
        throw err;
      },
    );
    return this.preparing;
  }
}

// Global: the database is one of the truly global things (with config and logging); every repository reaches it.
@Global()
@Module({})
export class SqlModule {
  static forRoot(pool: DatabasePool, options: SqlOptions): DynamicModule {
    return {
      module: SqlModule,
      providers: [{ provide: SQL_OPTIONS, useValue: options }, { provide: DatabasePool, useValue: pool }, Sql],
      exports: [Sql, DatabasePool],
    };
  }
}
