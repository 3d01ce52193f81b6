// bench/lib.js runApart(): one autocannon run, its options as JSON in argv[2], its result as JSON on stdout.
import { run } from './lib.js';

const result = await run(JSON.parse(process.argv[2]));
process.stdout.write(JSON.stringify({ latency: result.latency, requests: result.requests, non2xx: result.non2xx }));
