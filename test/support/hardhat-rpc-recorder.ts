import { createServer, type Server } from 'node:http';

export interface RecordedCall {
  method: string;
  params: unknown[];
}

/**
 * An HTTP hop between the service and the node that writes down every JSON-RPC call (batches included), so a
 * test can see how many requests a read costs and where they go.
 */
export class RpcRecorder {
  readonly calls: RecordedCall[] = [];
  private server: Server | null = null;
  url = '';

  constructor(private readonly targetUrl: string) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        try {
          const parsed = JSON.parse(body) as RecordedCall | RecordedCall[];
          for (const call of Array.isArray(parsed) ? parsed : [parsed])
            this.calls.push({ method: call.method, params: call.params ?? [] });
        } catch {
          // Not JSON: forwarded as is, the node answers the error.
        }
        fetch(this.targetUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
          .then(async (upstream) => {
            res.writeHead(upstream.status, { 'content-type': 'application/json' });
            res.end(await upstream.text());
          })
          .catch(() => {
            res.writeHead(502);
            res.end();
          });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  reset(): void {
    this.calls.length = 0;
  }

  /** The `to` of every recorded eth_call, lower-cased. */
  ethCallTargets(): string[] {
    return this.calls
      .filter((c) => c.method === 'eth_call')
      .map((c) => String((c.params[0] as { to?: string } | undefined)?.to ?? '').toLowerCase());
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
