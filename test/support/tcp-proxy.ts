import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy between the app and a dependency (database, Redis), so a test can take the dependency away (and
 * bring it back) without stopping a server other suites share.
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly pairs = new Set<[Socket, Socket]>();
  private mode: 'up' | 'down' | 'frozen' = 'up';
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<void> {
    this.server = createServer((client) => {
      if (this.mode === 'down') {
        client.destroy();
        return;
      }
      this.sockets.add(client);
      client.on('error', () => client.destroy()).on('close', () => this.sockets.delete(client));
      // Frozen: the connection opens, and nothing ever comes back.
      if (this.mode === 'frozen') return;
      const upstream = connect(this.targetPort, this.targetHost);
      this.sockets.add(upstream);
      const pair: [Socket, Socket] = [client, upstream];
      this.pairs.add(pair);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
        this.pairs.delete(pair);
      };
      client.on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }

  /** Like the dependency going down: open connections die, new ones are refused. */
  down(): void {
    this.mode = 'down';
    this.destroyAll();
  }

  /**
   * Like a network partition or a hung server: connections stay open (old and new) but no byte passes
   * either way, so only the client's own timeouts can tell.
   */
  freeze(): void {
    this.mode = 'frozen';
    for (const [client, upstream] of this.pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
  }

  up(): void {
    // Connections that lived through a freeze carry half-delivered traffic: end them.
    if (this.mode === 'frozen') this.destroyAll();
    this.mode = 'up';
  }

  async stop(): Promise<void> {
    this.down();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private destroyAll(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    this.pairs.clear();
  }
}
