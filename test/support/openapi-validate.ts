import { execFileSync } from 'node:child_process';

/**
 * swagger-parser pulls in ESM-only packages that Jest's CommonJS loader cannot require, so it runs in a
 * plain Node process. Returns 'valid' or the validator's message.
 */
export function validateOpenApi(json: string): string {
  const script = `
    const SwaggerParser = require('@apidevtools/swagger-parser');
    let input = '';
    process.stdin.on('data', (c) => (input += c));
    process.stdin.on('end', () => {
      SwaggerParser.validate(JSON.parse(input)).then(
        () => process.stdout.write('valid'),
        (e) => process.stdout.write(String(e.message)),
      );
    });`;
  return execFileSync(process.execPath, ['-e', script], {
    input: json,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
}
