#!/usr/bin/env node
// `npm run demo`: `shipkit pipeline` on the example service through three releases, on this
// machine, with zero accounts. The service becomes a project of its own (examples/demo/lib/shop.mjs:
// its tests, linters, Stryker, shipkit.yml, a git history); each release is a commit, and each goes
// through the whole pipeline — gates, the risk class of the change (risk-gate), tests + coverage, mutation of the change, preview + smoke,
// staging + smoke, the go (`--yes`), the canary through the local traffic proxy, the watch:
//
//   v1  the first release (medium risk: feature code and a new table): goes to production;
//   v2  carries a regression (the release switch makes every request 800 ms slower) and a migration
//       that drops a column (high risk, said and shown; the class informs, it stops nothing):
//       aborted at the first canary step, rolled back (verified), diagnosed — the pipeline exits 1;
//   v3  healthy, the drop left for a later release (medium risk again): promoted through every
//       canary step to 100 %.
//
// Then the timeline, what is live and what was rolled back and why, with the numbers. Exit code 0
// when every release did what the demo expects (and nothing is left running).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createShop, releases, repoRoot } from './demo/lib/shop.mjs';

const tty = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (tty ? `\u001b[${code}m${text}\u001b[0m` : text);
const bold = (t) => paint('1', t);
const dim = (t) => paint('2', t);
const clock = (ms) => `${Math.floor(ms / 60000)}:${String(Math.floor(ms / 1000) % 60).padStart(2, '0')}`;
const bin = join(repoRoot, 'packages', 'cli', 'bin', 'shipkit.js');

// The canary's users: the pipeline sends them (`--traffic`), as many a second as a small shop's.
const TRAFFIC = '150';

/** `shipkit pipeline …` in the project, its output straight to this terminal. */
const shipkit = (dir, args) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'pipeline', ...args], { cwd: dir, stdio: 'inherit' });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });

const demoStarted = Date.now();
const work = mkdtempSync(join(tmpdir(), 'shipkit-demo-'));
const dir = join(work, 'shop');
createShop(dir);
console.log(bold(`shipkit demo — three releases of the example service through \`shipkit pipeline\``));
console.log(dim(`  project ${dir} (a git repository; shipkit.yml holds the release workflow's inputs)\n`));

const plan = [
  { release: 'v1', version: '1.0.0', expect: { code: 0, outcome: 'released' }, story: 'the first release' },
  {
    release: 'v2',
    version: '2.0.0',
    expect: { code: 1, outcome: 'rolled-back' },
    story: 'a regression: every request 800 ms slower (and a column dropped)',
  },
  {
    release: 'v3',
    version: '3.0.0',
    expect: { code: 0, outcome: 'released' },
    story: 'the fix (the column’s drop left for a later release)',
  },
];
const runs = [];
let failed = false;
try {
  for (const step of plan) {
    const sha = releases[step.release](dir);
    console.log(bold(`\n━━ ${step.release} (${step.version}, ${sha.slice(0, 7)}): ${step.story}`));
    const at = Date.now() - demoStarted;
    const code = await shipkit(dir, ['--yes', '--traffic', TRAFFIC, '--reports', `.shipkit/reports/${step.release}`]);
    const report = JSON.parse(readFileSync(join(dir, '.shipkit', 'reports', step.release, 'pipeline.json'), 'utf8'));
    const ok = code === step.expect.code && report.outcome === step.expect.outcome;
    if (!ok) failed = true;
    runs.push({ ...step, sha, code, report, at, ok });
    console.log(
      ok
        ? dim(`   ${step.release}: exit ${code}, ${report.outcome} — as the demo expects`)
        : paint(
            '31',
            `   ${step.release}: exit ${code}, ${report.outcome} — the demo expected exit ${step.expect.code}, ${step.expect.outcome}`,
          ),
    );
  }

  // The timeline of the three releases.
  console.log(
    bold('\nTimeline') + dim(' (m:ss since the demo started; each stage ✔ passed, ✖ failed, – skipped; risk: the change’s class)'),
  );
  for (const run of runs) {
    let t = run.at;
    console.log(
      `  ${clock(t).padStart(5)}  ${bold(`${run.release} ${run.sha.slice(0, 7)}`)} ${JSON.stringify(run.report.release.subject)}`,
    );
    const line = [];
    for (const s of run.report.stages) {
      t += s.ms;
      const m =
        s.stage === 'risk' && s.verdict === 'pass' && run.report.risk
          ? run.report.risk.class
          : s.verdict === 'pass'
            ? '✔'
            : s.verdict === 'fail'
              ? '✖'
              : s.verdict === 'skip'
                ? '–'
                : '?';
      line.push(`${s.stage} ${m} ${(s.ms / 1000).toFixed(1)} s`);
    }
    console.log(`         ${line.join(' · ')}`);
    const canary = run.report.canary;
    const end =
      run.report.outcome === 'released'
        ? canary
          ? `promoted ${run.report.stages.find((s) => s.stage === 'release')?.detail.match(/canary ([\d →]+%)/)?.[1] ?? ''}, then watched → live`
          : 'first release, straight to production, watched → live'
        : run.report.outcome === 'rolled-back'
          ? `canary ${canary?.verdict ?? ''} at step ${canary?.step ?? '?'} → rolled back, verified, diagnosed`
          : run.report.outcome;
    console.log(`  ${clock(t).padStart(5)}  ${dim(end)}`);
  }

  // What a person wants to know now.
  const last = runs.at(-1)?.report;
  const live = last?.live;
  console.log(bold('\nNow'));
  if (live) {
    const answer = await fetch(`${live.url}/healthz`).then(
      async (r) => ({ status: r.status, version: r.headers.get('x-app-version'), body: await r.json() }),
      (e) => ({ status: 0, version: null, body: String(e) }),
    );
    const liveRun = runs.find((r) => r.sha === live.sha);
    console.log(
      `  live:        ${liveRun?.release ?? '?'} ${live.sha.slice(0, 7)} ${JSON.stringify(live.subject)} at ${live.url} ` +
        `(asked just now: ${answer.status}, version ${answer.version})`,
    );
    if (answer.version !== plan.at(-1).version) {
      failed = true;
      console.log(paint('31', `  the live release answers as ${answer.version}, not ${plan.at(-1).version}`));
    }
  } else {
    failed = true;
    console.log(paint('31', '  nothing is live'));
  }
  for (const run of runs.filter((r) => r.report.rolledBack)) {
    const r = run.report;
    const rollback = r.stages.find((s) => s.stage === 'rollback');
    const diagnosis = r.stages.find((s) => s.stage === 'diagnose');
    console.log(`  rolled back: ${run.release} ${run.sha.slice(0, 7)} ${JSON.stringify(r.release.subject)}`);
    console.log(`    why:       ${r.rolledBack.reason}`);
    if (r.risk) console.log(`    risk:      ${r.stages.find((s) => s.stage === 'risk')?.detail}`);
    if (r.canary?.users)
      console.log(`    traffic:   ${r.canary.users.requests} user requests during its canary, ${r.canary.users.failed} failed`);
    if (rollback) console.log(`    rollback:  ${rollback.detail}`);
    if (diagnosis) console.log(`    diagnosis: ${diagnosis.detail}`);
    console.log(`    evidence:  ${r.rolledBack.evidence.join(', ')} in ${dir}`);
  }
} finally {
  // Production keeps running after a pipeline; the demo is over, so it stops too.
  await shipkit(dir, ['--stop']);
  rmSync(work, { recursive: true, force: true });
}
const total = Date.now() - demoStarted;
console.log(
  failed
    ? paint('31', `\nThe demo did not go as expected (${clock(total)}).`)
    : bold(`\nDemo done in ${clock(total)}: v1 live, v2 rolled back at its first canary step, v3 promoted to 100 %.`),
);
process.exit(failed ? 1 : 0);
