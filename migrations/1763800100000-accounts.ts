import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users, linked wallets, sessions and the short-lived secrets of sign-in (codes, links, nonces). */
export class Accounts1763800100000 implements MigrationInterface {
  name = 'Accounts1763800100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE credo_handle_seq START 1`);
    await q.query(`CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text UNIQUE,
      email_verified_at timestamptz,
      phone text UNIQUE,
      phone_verified_at timestamptz,
      password_hash text,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','active','locked','suspended','deactivated')),
      is_verified boolean NOT NULL DEFAULT false,
      authentication_type text NOT NULL CHECK (authentication_type IN ('email','phone','wallet')),
      role text NOT NULL DEFAULT 'user' CHECK (role IN ('user','underwriter','admin')),
      first_name text,
      last_name text,
      date_of_birth date,
      bio text,
      gender text CHECK (gender IN ('male','female','other')),
      city text,
      region text,
      country text,
      picture_url text,
      privacy jsonb NOT NULL DEFAULT '{}'::jsonb,
      kyc_status text NOT NULL DEFAULT 'not_started' CHECK (kyc_status IN ('not_started','pending','approved','rejected')),
      kyc_verified_at timestamptz,
      handle text NOT NULL UNIQUE CHECK (handle ~ '^[0-9]{11}$'),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      last_login_at timestamptz,
      last_seen_at timestamptz,
      CHECK (email IS NULL OR email = lower(email))
    )`);
    await q.query(`CREATE TABLE wallets (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      address text NOT NULL,
      chain_id integer NOT NULL,
      verified_at timestamptz NOT NULL DEFAULT now(),
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    // One account per wallet, whatever the letter case of the address.
    await q.query(`CREATE UNIQUE INDEX wallets_address_uq ON wallets (lower(address))`);
    await q.query(`CREATE INDEX wallets_user_idx ON wallets (user_id)`);

    await q.query(`CREATE TABLE sessions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      revoked_reason text,
      ip text,
      user_agent text
    )`);
    await q.query(`CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE revoked_at IS NULL`);
    await q.query(`CREATE TABLE refresh_tokens (
      jti uuid PRIMARY KEY,
      session_id uuid NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      token_hash text NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id)`);

    await q.query(`CREATE TABLE verification_codes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      purpose text NOT NULL CHECK (purpose IN ('signup','login','password_reset','email_add')),
      channel text NOT NULL CHECK (channel IN ('email','sms')),
      destination text NOT NULL,
      user_id uuid REFERENCES users(id) ON DELETE CASCADE,
      code_hash text,
      link_hash text UNIQUE,
      attempts integer NOT NULL DEFAULT 0,
      max_attempts integer NOT NULL DEFAULT 5,
      expires_at timestamptz NOT NULL,
      consumed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(
      `CREATE INDEX verification_codes_lookup_idx ON verification_codes (destination, purpose, created_at DESC)`,
    );
    // Every send request, known identifier or not, so cooldowns and hourly caps answer alike for both.
    await q.query(`CREATE TABLE code_sends (
      id bigserial PRIMARY KEY,
      destination text NOT NULL,
      purpose text NOT NULL,
      sent_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX code_sends_dest_idx ON code_sends (destination, sent_at DESC)`);
    await q.query(`CREATE TABLE login_throttle (
      identifier text PRIMARY KEY,
      failures integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE wallet_nonces (
      nonce text PRIMARY KEY,
      address text NOT NULL,
      issued_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'wallet_nonces',
      'login_throttle',
      'code_sends',
      'verification_codes',
      'refresh_tokens',
      'sessions',
      'wallets',
      'users',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
    await q.query('DROP SEQUENCE credo_handle_seq');
  }
}
