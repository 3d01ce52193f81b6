import type { User } from './entities/user.entity.js';
import type { Wallet } from './entities/wallet.entity.js';

const ONLINE_WINDOW_MS = 5 * 60 * 1000;

export const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

export function fullName(user: User): string | null {
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ');
  return name || null;
}

export function isOnline(user: User, now = Date.now()): boolean {
  return Boolean(user.lastSeenAt && now - new Date(user.lastSeenAt).getTime() < ONLINE_WINDOW_MS);
}

/** Seed 003's GET /v1/auth/me/ shape (plus phone and the Credo handle). */
export function meView(user: User, wallets: Wallet[]) {
  return {
    id: user.id,
    email: user.email,
    phone: user.phone,
    first_name: user.firstName,
    last_name: user.lastName,
    date_joined: new Date(user.createdAt).toISOString(),
    is_online: isOnline(user),
    date_of_birth: user.dateOfBirth,
    bio: user.bio,
    authentication_type: user.authenticationType,
    is_verified: user.isVerified,
    wallet_address: wallets[0]?.address ?? null,
    handle: user.handle,
  };
}

/** The `user` object inside seed 003's token replies. */
export function tokenUserView(user: User) {
  return { id: user.id, email: user.email, is_verified: user.isVerified };
}
