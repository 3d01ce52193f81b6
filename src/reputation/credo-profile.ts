import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { ageInYears } from '../common/validation/date-of-birth.js';
import type { User } from '../users/entities/user.entity.js';
import { REPUTATION_MODEL } from './model/reputation-model.js';
import type { UserReputation, VerifiedWallet } from './reputation.service.js';

export type HandleStatus = 'valid' | 'deactivated' | 'suspended';

export function handleStatus(user: User): HandleStatus {
  return user.status === 'suspended' || user.status === 'deactivated' ? user.status : 'valid';
}

const ms = (d: Date | string) => new Date(d).getTime();

/** Seed 004's public profile: the first name always; everything else only as the user's privacy allows. */
export function publicProfile(user: User, now = new Date()) {
  const privacy = user.privacy ?? {};
  const profile: {
    name?: { firstName: string; lastName?: string };
    picture?: { source: string; updatedOn: number; fullUrl: string; thumbUrl: string };
    location?: { city?: string; state?: string; region?: string; country: string };
    age?: { years: number };
    gender?: 'male' | 'female' | 'other';
  } = {};
  if (user.firstName) {
    profile.name = { firstName: user.firstName };
    if (privacy.show_last_name && user.lastName) profile.name.lastName = user.lastName;
  }
  if (privacy.show_picture && user.pictureUrl) {
    profile.picture = {
      source: 'profile',
      updatedOn: ms(user.updatedAt),
      fullUrl: user.pictureUrl,
      thumbUrl: user.pictureUrl,
    };
  }
  if (privacy.show_location && user.country) {
    // The seed's two examples call the region `state` and `region`; both are given.
    profile.location = {
      ...(user.city ? { city: user.city } : {}),
      ...(user.region ? { state: user.region, region: user.region } : {}),
      country: user.country,
    };
  }
  if (privacy.show_age && user.dateOfBirth) profile.age = { years: ageInYears(user.dateOfBirth, now) };
  if (privacy.show_gender && user.gender) profile.gender = user.gender;
  return profile;
}

// The age partners see is counted as the profile's date-of-birth rule counts it.
export { ageInYears };

/** Country calling code, an area code and the last two digits: enough to recognise, too little to call. */
export function phoneParts(phone: string): { countryCode: number; areaCode: string; last2digits: string } | null {
  const parsed = parsePhoneNumberFromString(phone);
  if (!parsed) return null;
  const national = String(parsed.nationalNumber);
  // NANP area codes are three digits; elsewhere their length varies, and two digits never say too much.
  const areaLength = parsed.countryCallingCode === '1' ? 3 : 2;
  return {
    countryCode: Number(parsed.countryCallingCode),
    areaCode: national.slice(0, areaLength),
    last2digits: national.slice(-2),
  };
}

export function verificationsView(user: User, wallets: VerifiedWallet[]) {
  const s = REPUTATION_MODEL.verificationScores;
  const out: {
    email?: { score: number; verifiedOn: number };
    phone?: { countryCode: number; areaCode: string; last2digits: string; score: number; verifiedOn: number };
    wallet?: { wallets: number; score: number; verifiedOn: number };
    kyc?: { document: string; score: number; verifiedOn: number };
  } = {};
  if (user.email && user.emailVerifiedAt) out.email = { score: s.email, verifiedOn: ms(user.emailVerifiedAt) };
  if (user.phone && user.phoneVerifiedAt) {
    const parts = phoneParts(user.phone);
    if (parts) out.phone = { ...parts, score: s.phone, verifiedOn: ms(user.phoneVerifiedAt) };
  }
  if (wallets.length) {
    out.wallet = {
      wallets: wallets.length,
      score: s.wallet,
      verifiedOn: Math.min(...wallets.map((w) => ms(w.verifiedAt))),
    };
  }
  if (user.kycStatus === 'approved') {
    out.kyc = { document: 'identity', score: s.kyc, verifiedOn: ms(user.kycVerifiedAt ?? user.updatedAt) };
  }
  return out;
}

/** GET /api/partner/users/:handleId: everything for a valid handle, the status alone otherwise. */
export function credoUserView(user: User, rep: UserReputation | null) {
  const status = handleStatus(user);
  if (status !== 'valid' || !rep) return { handle: { id: user.handle, status } };
  return {
    handle: { id: user.handle, status },
    profile: publicProfile(user),
    reputation: rep.reputation,
    verifications: verificationsView(user, rep.wallets),
    payments: { credoWallet: rep.wallets.length > 0, loans: rep.loans },
    memberSince: ms(user.createdAt),
  };
}
