#!/usr/bin/env node
// Cold start of every committed bundle: `node dist/<name>/index.js` with an empty environment
// (`env -i`, so no INPUT_* at all) in an empty directory, the median wall time of N runs. Each
// bundle answers with its configuration error or verdict, so this is start-up plus input reading.
//
//   npm run bench -- cold-start [--runs 15] [--compare <other checkout>/dist]
//
// With --compare, the other tree's bundles run interleaved with these (same machine load), and the
// difference is printed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const runs = Number(option('runs', '15'));
const compare = option('compare', undefined);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function startMs(bundle, cwd) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/env', ['-i', process.execPath, bundle], { cwd, encoding: 'utf8', timeout: 30_000 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status === null || r.status > 1) throw new Error(`${bundle} exited ${r.status}: ${r.stderr || r.stdout}`);
  return ms;
}

const dist = join(root, 'dist');
const names = readdirSync(dist)
  .filter((n) => existsSync(join(dist, n, 'index.js')))
  .sort();
const cwd = mkdtempSync(join(tmpdir(), 'shipkit-cold-start-'));
console.log(
  `node ${process.version}, median of ${runs} runs, env -i, empty directory${compare ? `; compared with ${resolve(compare)}` : ''}`,
);
try {
  for (const name of names) {
    const here = [];
    const there = [];
    const other = compare ? join(resolve(compare), name, 'index.js') : undefined;
    for (let i = 0; i < runs; i++) {
      here.push(startMs(join(dist, name, 'index.js'), cwd));
      if (other && existsSync(other)) there.push(startMs(other, cwd));
    }
    const m = median(here);
    const line = `${name.padEnd(18)} ${m.toFixed(1).padStart(7)} ms`;
    if (there.length > 0) {
      const o = median(there);
      console.log(`${line}   compared: ${o.toFixed(1).padStart(7)} ms   difference ${(m - o >= 0 ? '+' : '') + (m - o).toFixed(1)} ms`);
    } else console.log(line);
  }
} finally {
  rmSync(cwd, { recursive: true, force: true });
}
