import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { ProfileController } from './profile.controller.js';

/**
 * GET/PATCH /api/profile: the user record with the default wallet and the latest credit score. The users
 * module reads all three in one statement (UsersService.getProfile, a hot read across owners); credit depends
 * on users, so the score comes from credit's table, not from its service.
 */
@Module({
  imports: [UsersModule],
  controllers: [ProfileController],
})
export class ProfileModule {}
