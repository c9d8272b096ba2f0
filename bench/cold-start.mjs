#!/usr/bin/env node
// Cold start of every committed bundle: `node dist/<name>/index.js` with an empty environment
// (`env -i`, so no INPUT_* at all) in an empty directory, the median wall time of N runs. Each
// bundle answers with its configuration error or verdict, so this is start-up plus input reading.
//
//   npm run bench -- cold-start [--runs 15] [--compare <other checkout>/dist]
//
// With --compare, the other tree's bundles run interleaved with these (same machine load, the order
// alternating so neither side always runs first), and the difference is printed. CPU time (user +
// system, from /usr/bin/time) is printed beside wall time: it is steadier on a shared machine.
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

function start(bundle, cwd) {
  const t0 = process.hrtime.bigint();
  // bash's time keyword gives the child's user and system CPU to the millisecond.
  const r = spawnSync('bash', ['-c', 'TIMEFORMAT="%3U %3S"; time /usr/bin/env -i "$0" "$1" >/dev/null 2>&1', process.execPath, bundle], {
    cwd,
    encoding: 'utf8',
    timeout: 30_000,
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const [user, sys] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  if (r.status === null || r.status > 1 || Number.isNaN(user)) throw new Error(`${bundle}: ${r.stderr}`);
  return { wall, cpu: ((user ?? 0) + (sys ?? 0)) * 1000 };
}
const fmt = (runs) =>
  `${median(runs.map((r) => r.wall))
    .toFixed(1)
    .padStart(6)} ms wall, ${median(runs.map((r) => r.cpu))
    .toFixed(0)
    .padStart(3)} ms CPU`;

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
    const mine = join(dist, name, 'index.js');
    const both = other && existsSync(other);
    for (let i = 0; i < runs; i++) {
      if (both && i % 2 === 1) there.push(start(other, cwd));
      here.push(start(mine, cwd));
      if (both && i % 2 === 0) there.push(start(other, cwd));
    }
    const line = `${name.padEnd(18)} ${fmt(here)}`;
    if (there.length > 0) {
      const d = median(here.map((r) => r.wall)) - median(there.map((r) => r.wall));
      console.log(`${line}   compared: ${fmt(there)}   wall difference ${(d >= 0 ? '+' : '') + d.toFixed(1)} ms`);
    } else console.log(line);
  }
} finally {
  rmSync(cwd, { recursive: true, force: true });
}
