import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsRegistry } from '../common/metrics/metrics.registry.js';
import { HealthProbe, type ComponentProbe } from '../health/index.js';
import { BlockchainService } from './blockchain.service.js';

/**
 * Puts the chain node into /api/health (`up` when the first configured node answers eth_blockNumber) and each
 * chain's circuit into the metrics (`blockchain_circuit_open`).
 */
@Injectable()
@HealthProbe('blockchain')
export class BlockchainHealthProbe implements ComponentProbe, OnModuleInit {
  constructor(
    private readonly blockchain: BlockchainService,
    private readonly metrics: MetricsRegistry,
  ) {}

  healthy(): Promise<boolean> {
    return this.blockchain.ping();
  }

  onModuleInit(): void {
    const blockchain = this.blockchain;
    new Gauge({
      name: 'blockchain_circuit_open',
      help: "1 while a chain's circuit is open (its node failed; on-chain reads are skipped until the cooldown ends)",
      labelNames: ['chain'],
      registers: [this.metrics.registry],
      collect() {
        for (const [chain, state] of Object.entries(blockchain.circuits()))
          this.set({ chain }, state === 'open' ? 1 : 0);
      },
    });
  }
}
