import type { Logger } from 'pino';
import { createPublicClient, type Chain, type PublicClient, type Transport } from 'viem';
import type { BlockchainSettings, ChainConfig } from './blockchain-settings.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { guardedTransport } from './guarded-transport.js';

/** One configured chain: its settings, its guarded public client and the breaker that guards it. */
export class ChainNode {
  readonly breaker: CircuitBreaker;
  readonly client: PublicClient<Transport, Chain>;

  constructor(
    readonly config: ChainConfig,
    settings: BlockchainSettings,
    logger: Logger,
  ) {
    this.breaker = new CircuitBreaker({
      failureThreshold: settings.breakerThreshold,
      cooldownMs: settings.breakerCooldownMs,
      onStateChange: (state) =>
        state === 'open'
          ? logger.warn(
              { chain: config.name, circuit: state },
              'chain node unreachable; reads skipped until the cool-down ends',
            )
          : logger.info({ chain: config.name, circuit: state }, 'chain node reachable again'),
    });
    this.client = createPublicClient({
      chain: config.chain,
      transport: guardedTransport(config.chain, config.rpcUrl, {
        timeoutMs: settings.timeoutMs,
        retries: settings.retries,
        breaker: this.breaker,
      }),
    });
  }

  get name(): string {
    return this.config.name;
  }
}
