// The traffic of a canary on this machine. In production, users send the requests the traffic
// proxy splits between stable and candidate, and its counts are the canary's evidence; on a laptop
// nobody does, so the pipeline sends them: GET requests to the smoke probes' paths at a steady rate
// on the app's stable URL, for as long as the canary runs (`--traffic 0` turns it off when real
// traffic reaches the app).
import { Agent, request } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

export interface UsersTally {
  requests: number;
  failed: number;
}

/** The paths of the GET probes in a smoke probe list (inline YAML or a file), `/` when there are none. */
export function trafficPaths(probes: string, cwd: string): string[] {
  let doc: unknown;
  try {
    const text = probes.trim();
    if (text === '') return ['/'];
    const file = /\.(ya?ml|json)$/i.test(text) && !text.includes('\n') ? (isAbsolute(text) ? text : join(cwd, text)) : undefined;
    doc = parseYaml(file ? (existsSync(file) ? readFileSync(file, 'utf8') : '') : text) as unknown;
  } catch {
    return ['/'];
  }
  const list = Array.isArray(doc)
    ? doc
    : doc && typeof doc === 'object' && Array.isArray((doc as { probes?: unknown }).probes)
      ? (doc as { probes: unknown[] }).probes
      : [];
  const paths = list
    .filter((p): p is { path: string; method?: string } => Boolean(p) && typeof (p as { path?: unknown }).path === 'string')
    .filter((p) => !p.method || String(p.method).toUpperCase() === 'GET')
    .map((p) => (p.path.startsWith('/') ? p.path : `/${p.path}`));
  return paths.length > 0 ? [...new Set(paths)] : ['/'];
}

/** Sends `perSecond` requests a second, round-robin over `paths`, to the URL `url()` names at each request. */
export function startUsers(o: { url: () => string | undefined; paths: string[]; perSecond: number }): { stop(): Promise<UsersTally> } {
  const tally: UsersTally = { requests: 0, failed: 0 };
  if (o.perSecond <= 0) return { stop: async () => tally };
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const inFlight = new Set<Promise<void>>();
  let k = 0;
  const send = (base: string, path: string): Promise<void> =>
    new Promise((resolve) => {
      const req = request(new URL(path, base), { agent, timeout: 10_000 }, (res) => {
        res.resume();
        res.on('end', () => {
          tally.requests++;
          if ((res.statusCode ?? 500) >= 500) tally.failed++;
          resolve();
        });
        res.on('error', () => resolve());
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        tally.requests++;
        tally.failed++;
        resolve();
      });
      req.end();
    });
  const timer = setInterval(() => {
    const base = o.url();
    if (!base || inFlight.size >= 200) return;
    const p = send(base, o.paths[k++ % o.paths.length] ?? '/').finally(() => inFlight.delete(p));
    inFlight.add(p);
  }, 1000 / o.perSecond);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      agent.destroy();
      return tally;
    },
  };
}
