import { Module } from '@nestjs/common';
import { CreditModule } from '../credit/credit.module.js';
import { UsersModule } from '../users/users.module.js';
import { ProfileController } from './profile.controller.js';

/**
 * GET/PATCH /api/profile: the user record composed with the latest credit score. Its own module because
 * credit depends on users, so users cannot show credit itself.
 */
@Module({
  imports: [UsersModule, CreditModule],
  controllers: [ProfileController],
})
export class ProfileModule {}
