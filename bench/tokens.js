// Token signing and verification, one at a time: the ES256 access tokens and HS256 refresh tokens the service
// issues through @nestjs/jwt (jsonwebtoken over node:crypto, keys as KeyObjects as src/auth/tokens passes
// them), next to the HS256 tokens it issued before through jose (WebCrypto). Reports operations per second and
// CPU per operation over all threads (WebCrypto works on the thread pool). Medians of 3 rounds of 2 s.
// Usage: node bench/tokens.js
import { createSecretKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { SignJWT, jwtVerify } from 'jose';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const secret = randomBytes(48).toString('base64url');
const secretKey = createSecretKey(Buffer.from(secret));
const joseKey = new TextEncoder().encode(secret);
const pinned = { issuer: 'blockscore', audience: 'blockscore-api' };
const jwt = new JwtService({ signOptions: pinned, verifyOptions: pinned });
const claims = { sid: '6f1c2d3e-0000-4000-8000-000000000001', typ: 'access' };
const ids = { subject: '6f1c2d3e-0000-4000-8000-000000000002', jwtid: '6f1c2d3e-0000-4000-8000-000000000003' };

const es256 = { ...ids, expiresIn: 900, algorithm: 'ES256', keyid: 'bench', privateKey };
const hs256 = { ...ids, expiresIn: 900, algorithm: 'HS256', privateKey: secretKey };
const joseSign = () =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(ids.subject)
    .setJti(ids.jwtid)
    .setIssuer(pinned.issuer)
    .setAudience(pinned.audience)
    .setIssuedAt()
    .setExpirationTime('900s')
    .sign(joseKey);
const esToken = jwt.sign(claims, es256);
const hsToken = jwt.sign(claims, hs256);
const joseToken = await joseSign();

const cases = {
  'ES256 sign (access, now)': () => jwt.signAsync(claims, es256),
  'ES256 verify (access, now)': () => jwt.verifyAsync(esToken, { algorithms: ['ES256'], publicKey }),
  'HS256 sign (refresh, now)': () => jwt.signAsync(claims, hs256),
  'HS256 verify (refresh, now)': () => jwt.verifyAsync(hsToken, { algorithms: ['HS256'], publicKey: secretKey }),
  'HS256 sign (jose, before)': joseSign,
  'HS256 verify (jose, before)': () => jwtVerify(joseToken, joseKey, { algorithms: ['HS256'], ...pinned }),
};

async function measure(fn, ms) {
  let n = 0;
  const start = performance.now();
  const cpu = process.cpuUsage();
  while (performance.now() - start < ms) {
    await fn();
    n++;
  }
  const used = process.cpuUsage(cpu);
  return { ops: n / ((performance.now() - start) / 1000), cpu: (used.user + used.system) / n };
}

const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (const fn of Object.values(cases)) await measure(fn, 300);
for (let round = 0; round < 3; round++) {
  for (const [name, fn] of Object.entries(cases)) results[name].push(await measure(fn, 2000));
}
console.log('| operation | ops/s | µs CPU per op |\n| --- | ---: | ---: |');
for (const [name, runs] of Object.entries(results)) {
  const ops = median(runs.map((r) => r.ops));
  const cpu = median(runs.map((r) => r.cpu));
  console.log(`| ${name} | ${Math.round(ops)} | ${cpu.toFixed(0)} |`);
}
