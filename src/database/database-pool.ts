import pg from 'pg';

/**
 * The pg pool the app's TypeORM connections come from, reachable without TypeORM's internals: TypeORM's public
 * `driver` option takes the pg module to use, and the one this class hands it is pg itself with a Pool that
 * reports itself here when TypeORM opens it. The benchmarked prepared reads (Sql) and the pool gauges use it.
 */
export class DatabasePool {
  private opened: pg.Pool | undefined;
  /** Give this to TypeORM as `driver`. */
  readonly driver: typeof pg;

  constructor() {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the Pool subclass reports to this owner
    const owner = this;
    class ReportingPool extends pg.Pool {
      constructor(config?: pg.PoolConfig) {
        super(config);
        owner.opened = this;
      }
    }
    this.driver = { ...pg, Pool: ReportingPool };
  }

  /** The open pool; undefined before TypeORM connected (a boot that has not reached the database yet). */
  get pool(): pg.Pool | undefined {
    return this.opened;
  }
}
