import { Module } from '@nestjs/common';
import { AppConfig } from '../config/index.js';
import { ComponentHealthModule } from '../health/component-health.module.js';
import { BlockchainHealthProbe } from './blockchain-health.probe.js';
import { BlockchainSettings } from './blockchain-settings.js';
import { BlockchainService } from './blockchain.service.js';

/** Chain reads and wallet signature checks; other modules import this module and inject BlockchainService. */
@Module({
  imports: [ComponentHealthModule],
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
