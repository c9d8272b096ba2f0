#!/usr/bin/env node
// Starts the example service: PORT (default 3000; 0 picks a free port), HOST (127.0.0.1),
// APP_VERSION (default the version of the package.json beside src/: a release's version travels
// with its artifact), APP_MODE=healthy|slow|failing. Prints the URL it listens on.
import { readFileSync } from 'node:fs';
import { createApp, MODES } from './app.js';

const packageVersion = () => {
  try {
    return JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
  } catch {
    return undefined;
  }
};

const mode = process.env.APP_MODE ?? 'healthy';
if (!MODES.includes(mode)) {
  console.error(`APP_MODE must be one of ${MODES.join(', ')}`);
  process.exit(1);
}
const { server } = createApp({
  version: process.env.APP_VERSION ?? packageVersion() ?? '1.0.0',
  mode,
  slowMs: Number(process.env.APP_SLOW_MS ?? 800),
});
const host = process.env.HOST ?? '127.0.0.1';
server.listen(Number(process.env.PORT ?? 3000), host, () => {
  const { port } = server.address();
  console.log(`example app listening on http://${host}:${port} (mode ${mode})`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
