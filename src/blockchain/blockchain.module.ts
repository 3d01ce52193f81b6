import { Module } from '@nestjs/common';
import { AppConfig } from '../config/index.js';
import { BlockchainHealthProbe } from './blockchain-health.probe.js';
import { BlockchainSettings } from './blockchain-settings.js';
import { BlockchainService } from './blockchain.service.js';

/** Chain reads and wallet signature checks; other modules import this module and inject BlockchainService. */
@Module({
  providers: [
    {
      provide: BlockchainSettings,
      useFactory: (config: AppConfig) => BlockchainSettings.fromConfig(config.env),
      inject: [AppConfig],
    },
    BlockchainService,
    BlockchainHealthProbe,
  ],
  exports: [BlockchainService],
})
export class BlockchainModule {}
