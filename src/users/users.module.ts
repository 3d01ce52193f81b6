import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { User } from './entities/user.entity.js';
import { Wallet } from './entities/wallet.entity.js';
import { ProfileController } from './profile.controller.js';
import { ProfileExtensions } from './profile-extensions.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([User, Wallet]), AuditModule],
  controllers: [ProfileController],
  providers: [UsersService, ProfileExtensions],
  exports: [UsersService, ProfileExtensions],
})
export class UsersModule {}
