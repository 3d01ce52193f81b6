import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { User } from './entities/user.entity.js';
import { Wallet } from './entities/wallet.entity.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';
import { WalletsRepository } from './wallets.repository.js';

/** The user store. The profile view that adds a credit score is ProfileModule's. */
@Module({
  imports: [TypeOrmModule.forFeature([User, Wallet]), AuditModule],
  providers: [UsersRepository, WalletsRepository, UsersService],
  exports: [UsersService],
})
export class UsersModule {}
