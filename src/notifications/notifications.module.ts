import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxMessage } from './entities/outbox-message.entity.js';
import { NotificationsService } from './notifications.service.js';
import { OutboxRepository } from './outbox.repository.js';
import { OutboxWorker } from './outbox.worker.js';
import { Transports } from './transports.js';

@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessage])],
  providers: [NotificationsService, OutboxRepository, OutboxWorker, Transports],
  exports: [NotificationsService],
})
export class NotificationsModule {}
