import { Writable } from 'node:stream';
import { censorSecrets, createLogger } from './logger.js';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

describe('secrets never reach a log line', () => {
  it('censors fields named like secrets at the top and two levels down, as the redact paths k, *.k, *.*.k did', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        password: 'p0',
        body: { refresh_token: 'r1', nested: { code: '123456', keep: 'visible' } },
        headers: { authorization: 'Bearer abc', 'x-api-key': 'k', accept: 'json' },
        list: [{ otp: '999999' }],
        deep: { a: { b: { password: 'three levels down: beyond the paths, as before' } } },
      },
      'hello',
    );
    const [line] = lines;
    expect(line).toMatchObject({
      password: '[REDACTED]',
      body: { refresh_token: '[REDACTED]', nested: { code: '[REDACTED]', keep: 'visible' } },
      headers: { authorization: '[REDACTED]', 'x-api-key': '[REDACTED]', accept: 'json' },
      list: [{ otp: '[REDACTED]' }],
      msg: 'hello',
    });
    expect(JSON.stringify(line)).not.toMatch(/p0|r1|123456|Bearer abc|999999/);
  });

  it("censors an error's own secret fields under err", () => {
    const { lines, logger } = capture();
    const err = Object.assign(new Error('boom'), { password: 'hunter2', detail: { token: 't' } });
    logger.error({ err }, 'failed');
    expect(lines[0].err).toMatchObject({ message: 'boom', password: '[REDACTED]', detail: { token: '[REDACTED]' } });
    // The error itself is untouched: only the line is censored.
    expect(err.password).toBe('hunter2');
  });

  it("never changes the caller's objects, and returns them as they are when nothing is secret", () => {
    const fields = { user: { id: 'u1', password: 'x' }, n: 1 };
    const censored = censorSecrets(fields);
    expect(censored).toEqual({ user: { id: 'u1', password: '[REDACTED]' }, n: 1 });
    expect(fields.user.password).toBe('x');
    const clean = { a: { b: 1 }, c: [1, 2] };
    expect(censorSecrets(clean)).toBe(clean);
  });

  it('keeps child logger bindings, such as the request id', () => {
    const { lines, logger } = capture();
    logger.child({ request_id: 'req-1' }).info({ token: 'secret' }, 'with binding');
    expect(lines[0]).toMatchObject({ request_id: 'req-1', token: '[REDACTED]' });
  });
});
