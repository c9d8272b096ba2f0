/**
 * The proxy as a process: `node dist/proxy/index.js --config proxy.json` (or the config path in
 * SHIPKIT_PROXY_CONFIG, or the JSON itself in SHIPKIT_PROXY_CONFIG_JSON; the token may come from
 * SHIPKIT_PROXY_TOKEN instead of the file). Prints one JSON line per event, the first
 * `{"event":"ready",...}`; writes `readyFile`/`pidFile` when asked; on SIGTERM or SIGINT stops
 * accepting, drains and exits 0. A bad config is one `shipkit-proxy: ...` line and exit 1.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { ProxyConfigError } from './config';
import type { ProxyProcessConfig } from './launch';
import { startProxy, type ProxyEvent } from './proxy';

const line = (record: object): void => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...record })}\n`);
};

const die = (message: string): never => {
  process.stderr.write(`shipkit-proxy: ${message}\n`);
  process.exit(1);
};

function readConfig(): ProxyProcessConfig & Record<string, unknown> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--config');
  const path = at >= 0 ? args[at + 1] : process.env.SHIPKIT_PROXY_CONFIG;
  if (at >= 0 && !path) die('--config needs a file: node dist/proxy/index.js --config proxy.json');
  let text: string;
  let source: string;
  if (path) {
    source = path;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      return die(`cannot read the config file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  } else if (process.env.SHIPKIT_PROXY_CONFIG_JSON) {
    source = 'SHIPKIT_PROXY_CONFIG_JSON';
    text = process.env.SHIPKIT_PROXY_CONFIG_JSON;
  } else {
    return die('no configuration: pass --config <file.json>, or set SHIPKIT_PROXY_CONFIG (a file) or SHIPKIT_PROXY_CONFIG_JSON');
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    return die(`${source} is not valid JSON`);
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return die(`${source} must hold a JSON object`);
  const c = config as Record<string, unknown>;
  if (c.token === undefined && process.env.SHIPKIT_PROXY_TOKEN) c.token = process.env.SHIPKIT_PROXY_TOKEN;
  return c as ProxyProcessConfig & Record<string, unknown>;
}

const writeAtomically = (file: string, text: string): void => {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text, { mode: 0o600 });
  renameSync(temp, file);
};

async function main(): Promise<void> {
  const { readyFile, pidFile, ...options } = readConfig();
  for (const [key, value] of Object.entries({ readyFile, pidFile }))
    if (value !== undefined && (typeof value !== 'string' || value === '')) die(`\`${key}\` must be a file path`);
  let proxy;
  try {
    proxy = await startProxy({ ...options, onEvent: (event: ProxyEvent) => line(event) });
  } catch (error) {
    if (error instanceof ProxyConfigError) return die(error.message);
    throw error;
  }
  const ready = { pid: process.pid, url: proxy.url, adminUrl: proxy.adminUrl };
  if (pidFile) writeAtomically(pidFile, `${process.pid}\n`);
  if (readyFile) writeAtomically(readyFile, JSON.stringify(ready));
  line({ event: 'ready', ...ready, weights: proxy.state().weights });

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    line({ event: 'signal', signal });
    void proxy.close().then(() => {
      for (const file of [readyFile, pidFile]) if (file) rmSync(file, { force: true });
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

await main();
