#!/usr/bin/env node
// preview-deploy benchmarks.
// 1. Local provider: deploy-to-ready of the example service through the bundle, against starting
//    the service directly and waiting for its first answer (median of 10; target overhead ≤ 150 ms).
// 2. Content-addressed upload against the Vercel and Netlify emulators: a 2,000-file directory
//    deployed, re-deployed unchanged (no file bodies; target < 2 s), then with one file changed.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyExampleApp } from '../examples/app/src/copy.js';
import { median, resolveExtensionlessImports, root, runActionMeasured } from './_lib.mjs';

// The emulators (and providers) are TypeScript in erasable syntax: Node strips the types.
resolveExtensionlessImports();

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const answers = (port) =>
  new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.end('GET /healthz HTTP/1.0\r\n\r\n');
      socket.once('data', () => (socket.destroy(), resolve(true)));
    });
    socket.on('error', () => resolve(false));
  });

async function startDirect() {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, ['src/server.js'], {
    cwd: join(root, 'examples', 'app'),
    env: { ...process.env, PORT: String(port) },
    stdio: 'ignore',
  });
  while (!(await answers(port))) await new Promise((r) => setTimeout(r, 5));
  const ms = performance.now() - t0;
  child.kill('SIGTERM');
  await new Promise((r) => child.on('close', r));
  return ms;
}

const workspace = mkdtempSync(join(tmpdir(), 'shipkit-bench-preview-'));
copyExampleApp(join(workspace, 'app'));
const local = { provider: 'local', directory: 'app', name: 'shop', environment: 'preview/shop/bench', comment: 'false' };
const direct = [];
const viaAction = [];
const actionCpu = [];
const load = [loadavg()[0]];
// Each pair runs back to back, so a change in the machine's load moves both: the paired difference
// is steadier than the difference of the medians on a shared machine (both are printed).
for (let i = 0; i < 10; i++) {
  direct.push(await startDirect());
  const run = runActionMeasured('preview-deploy', { cwd: workspace, inputs: { ...local, 'start-command': 'exec node src/server.js' } });
  if (run.status !== 0) throw new Error(`preview-deploy failed:\n${run.stdout}`);
  viaAction.push(run.wallMs);
  actionCpu.push(run.cpuMs);
  const destroyed = runActionMeasured('preview-deploy', { cwd: workspace, inputs: { ...local, mode: 'destroy' } });
  if (destroyed.status !== 0) throw new Error(`preview-deploy destroy failed:\n${destroyed.stdout}`);
}
load.push(loadavg()[0]);
const overhead = median(viaAction) - median(direct);
const paired = median(viaAction.map((ms, i) => ms - (direct[i] ?? 0)));
console.log(
  `local provider, deploy-to-ready (median of 10; load average ${load.map((l) => l.toFixed(1)).join(' → ')} on ${availableParallelism()} CPUs)`,
);
console.log(`  example service started directly:  ${median(direct).toFixed(0)} ms`);
console.log(
  `  through preview-deploy (bundle):    ${median(viaAction).toFixed(0)} ms (the action's own CPU: ${median(actionCpu).toFixed(0)} ms)`,
);
console.log(`  overhead, difference of medians:    ${overhead.toFixed(0)} ms (target ≤ 150 ms) ${overhead <= 150 ? 'OK' : 'OVER'}`);
console.log(`  overhead, median of paired runs:    ${paired.toFixed(0)} ms (target ≤ 150 ms) ${paired <= 150 ? 'OK' : 'OVER'}`);
rmSync(workspace, { recursive: true, force: true });

// ---- content-addressed upload
const site = mkdtempSync(join(tmpdir(), 'shipkit-bench-site-'));
for (let i = 0; i < 2000; i++) {
  const dir = join(site, `d${i % 40}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `f${i}.js`), `// file ${i}\n${'x'.repeat(2000 + (i % 500))}\n`);
}
const { startVercelApi } = await import('../packages/testkit/src/providers/vercel.ts');
const { startNetlifyApi } = await import('../packages/testkit/src/providers/netlify.ts');
const { VercelProvider } = await import('../packages/deploy/src/vercel.ts');
const { NetlifyProvider } = await import('../packages/deploy/src/netlify.ts');
const vercel = await startVercelApi({ buildPolls: 0 });
const netlify = await startNetlifyApi({ processPolls: 0 });
const providers = [
  ['vercel', new VercelProvider({ token: vercel.token, project: 'shop', apiUrl: vercel.url }), vercel],
  ['netlify', new NetlifyProvider({ token: netlify.token, site: 'shop', apiUrl: `${netlify.url}/api/v1` }), netlify],
];
console.log('\ncontent-addressed upload of 2,000 files (~4.5 MB) against the emulators');
let worst = 0;
for (const [name, provider, emu] of providers) {
  for (const [label, change] of [
    ['first deploy', undefined],
    ['unchanged re-deploy', undefined],
    ['one file changed', () => writeFileSync(join(site, 'd0', 'f0.js'), `// changed ${name}\n`)],
  ]) {
    change?.();
    const since = emu.requests.length;
    const t0 = performance.now();
    const d = await provider.deploy({ target: 'preview', directory: site, name: 'shop' });
    await provider.waitReady(d.id, { timeoutMs: 60_000, intervalMs: 10 });
    const ms = performance.now() - t0;
    const seen = emu.traffic(since);
    if (label === 'unchanged re-deploy') worst = Math.max(worst, ms);
    console.log(
      `  ${name.padEnd(8)} ${label.padEnd(20)} ${ms.toFixed(0).padStart(6)} ms  files sent ${String(d.upload.filesSent).padStart(5)}  ` +
        `requests ${String(seen.requests).padStart(5)}  bytes received by the API ${seen.bytes.toLocaleString('en')}`,
    );
  }
}
console.log(`  unchanged re-deploy, slowest: ${worst.toFixed(0)} ms (target < 2000 ms) ${worst < 2000 ? 'OK' : 'OVER'}`);
await vercel.close();
await netlify.close();
rmSync(site, { recursive: true, force: true });
