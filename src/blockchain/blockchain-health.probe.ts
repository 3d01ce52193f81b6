import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ComponentHealthRegistry } from '../health/component-health.registry.js';
import { BlockchainService } from './blockchain.service.js';

/** Puts the chain node into /api/health: `up` when the first configured node answers eth_blockNumber. */
@Injectable()
export class BlockchainHealthProbe implements OnModuleInit {
  constructor(
    @Inject(ComponentHealthRegistry) private readonly registry: ComponentHealthRegistry,
    @Inject(BlockchainService) private readonly blockchain: BlockchainService,
  ) {}

  onModuleInit(): void {
    this.registry.register('blockchain', () => this.blockchain.ping());
  }
}
