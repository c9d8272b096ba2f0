/**
 * `shipkit pipeline` as a user runs it: the CLI as a child process in a real git project (the
 * example service with node's own test runner and Prettier as its one gate), every stage a real
 * action bundle, the local provider's processes and traffic proxy on loopback. The tests share one
 * project and run in order, as its releases would: a bad shipkit.yml, no terminal, a failing gate,
 * the first release, a healthy canary, a regression, and Ctrl-C during a canary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@shipkit/testkit';
import type { PipelineReport } from '../src/pipeline/run.ts';

const bin = join(repoRoot, 'packages', 'cli', 'bin', 'shipkit.js');
// Every process the pipeline starts inherits this variable: the process check finds them by it.
const MARK = `SHIPKIT_PIPELINE_TEST=${randomUUID()}`;

let work: string;
let dir: string;

const git = (...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd: dir,
    encoding: 'utf8',
  }).trim();

const CONFIG = {
  'build-command': "''",
  'artifact-path': '.',
  'start-command': 'exec node src/server.js',
  'test-command': [
    'mkdir -p coverage && node --test --experimental-test-coverage --test-coverage-include=src/app.js',
    '--test-reporter=spec --test-reporter-destination=stdout --test-reporter=lcov --test-reporter-destination=coverage/lcov.info test/*.test.mjs',
  ].join(' '),
  mutation: 'false',
  'min-new-lines': '0',
  'min-new-branches': '0',
  'smoke-probes': "'- path: /healthz'",
  'canary-steps': "'50,100'",
  bake: '30s',
  'error-slo': "'95%'",
  'latency-slo': "'95% < 2s'",
  'watch-duration': '20s',
};

/** shipkit.yml with these values over the test's defaults. */
function writeConfig(over: Record<string, string> = {}): void {
  const c = { ...CONFIG, ...over };
  writeFileSync(
    join(dir, 'shipkit.yml'),
    Object.entries(c)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n') + '\n',
  );
}

/** A release: the version in package.json, the release switch in the start command, one commit. */
function commitRelease(version: string, over: Record<string, string> = {}): string {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  pkg.version = version;
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  writeConfig(over);
  git('commit', '-q', '-am', `release ${version}`);
  return git('rev-parse', 'HEAD');
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  stdout: string;
  stderr: string;
  pid: number;
}

function shipkit(args: string[], o: { onOutput?: (out: string, pid: number) => void } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const [name, value] = MARK.split('=') as [string, string];
    // Its own process group, as a shell gives a foreground job: Ctrl-C is SIGINT to that group.
    const child = spawn(process.execPath, [bin, 'pipeline', ...args, ...(args.includes('--yes') ? ['--traffic', '200'] : [])], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', [name]: value },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdin.end();
    let out = '';
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      stdout += d.toString();
      o.onOutput?.(out, child.pid as number);
    });
    child.stderr.on('data', (d: Buffer) => ((out += d.toString()), (stderr += d.toString())));
    child.on('close', (code, signal) => resolve({ code, signal, out, stdout, stderr, pid: child.pid as number }));
  });
}

const reportOf = (name: string): PipelineReport =>
  JSON.parse(readFileSync(join(dir, '.shipkit', 'reports', name, 'pipeline.json'), 'utf8')) as PipelineReport;

const stageOf = (r: PipelineReport, stage: string) => r.stages.find((s) => s.stage === stage);

/** Which release answers at `url`, `n` times. */
async function versionsAt(url: string, n: number): Promise<string[]> {
  const seen: string[] = [];
  for (let k = 0; k < n; k++) {
    const r = await fetch(`${url}/healthz`);
    await r.arrayBuffer();
    seen.push(`${r.headers.get('x-app-version')} ${r.status}`);
  }
  return seen;
}

interface Proc {
  pid: number;
  ppid: number;
  pgid: number;
  /** Clock ticks after boot. */
  started: number;
  state: string;
  cmd: string;
}

/** Every process of this user, from /proc: pid, parent, process group, command line. */
function processes(): Proc[] {
  const out: Proc[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid pgrp …; comm may hold spaces and parentheses
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({
        pid: Number(entry),
        state: fields[0] ?? '',
        ppid: Number(fields[1]),
        pgid: Number(fields[2]),
        started: Number(fields[19]),
        cmd: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim(),
      });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const show = (p: Proc): string => `${p.pid} (${p.state}, group ${p.pgid}, parent ${p.ppid}): ${p.cmd}`;

/** The processes that carry this test's mark in their environment: everything the pipeline started, however far it was reparented. */
function marked(): Proc[] {
  return processes().filter((p) => {
    try {
      return readFileSync(`/proc/${p.pid}/environ`, 'utf8').split('\0').includes(MARK);
    } catch {
      return false;
    }
  });
}

/** The process tree under `pid`, now. */
function descendants(pid: number): Proc[] {
  const all = processes();
  const found: Proc[] = [];
  const walk = (parent: number): void => {
    for (const p of all.filter((x) => x.ppid === parent)) {
      found.push(p);
      walk(p.pid);
    }
  };
  walk(pid);
  return found;
}

/** Those of `procs` that are not production's (its traffic proxy and its stable release, each a process group), as text. */
const outsideProduction = (procs: Proc[]): string[] => {
  const production = new Set([traffic().proxy.pid, traffic().stable.pid]);
  return procs.filter((p) => !production.has(p.pgid)).map(show);
};

const traffic = (): { url: string; proxy: { pid: number }; stable: { id: string; pid: number }; candidate: unknown } =>
  JSON.parse(readFileSync(join(dir, '.shipkit', 'local-traffic', 'shop', 'traffic.json'), 'utf8'));

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'shipkit-pipeline-e2e-'));
  dir = join(work, 'shop');
  mkdirSync(join(dir, 'src'), { recursive: true });
  mkdirSync(join(dir, 'test'), { recursive: true });
  for (const f of ['app.js', 'server.js']) cpSync(join(repoRoot, 'examples/app/src', f), join(dir, 'src', f));
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'shop', version: '0.0.0', private: true, type: 'module', devDependencies: { prettier: '^3' } }, null, 2)}\n`,
  );
  writeFileSync(join(dir, '.prettierrc.json'), '{ "singleQuote": true, "printWidth": 140 }\n');
  writeFileSync(join(dir, '.prettierignore'), 'src/\ncoverage/\n.shipkit/\n');
  writeFileSync(join(dir, '.gitignore'), 'node_modules\ncoverage\n');
  writeFileSync(
    join(dir, 'test', 'app.test.mjs'),
    [
      "import { test } from 'node:test';",
      "import assert from 'node:assert/strict';",
      "import { createApp } from '../src/app.js';",
      '',
      "test('answers /healthz', async () => {",
      '  const { server } = createApp();',
      "  await new Promise((r) => server.listen(0, '127.0.0.1', r));",
      '  const res = await fetch(`http://127.0.0.1:${server.address().port}/healthz`);',
      '  assert.equal(res.status, 200);',
      '  server.close();',
      '});',
      '',
    ].join('\n'),
  );
  writeConfig();
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'the service');
});

afterAll(async () => {
  if (dir && existsSync(dir)) await shipkit(['--stop']);
  const left = marked();
  rmSync(work, { recursive: true, force: true });
  expect(left.map((p) => p.cmd)).toEqual([]);
});

describe('shipkit pipeline', () => {
  it('refuses an unknown shipkit.yml key with one error naming it and the valid keys, before anything runs', async () => {
    writeFileSync(join(dir, 'bad.yml'), `${readFileSync(join(dir, 'shipkit.yml'), 'utf8')}canary-step: 5,100\n`);
    const r = await shipkit(['--config', 'bad.yml', '--yes']);
    rmSync(join(dir, 'bad.yml'));
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^✖ bad\.yml: unknown key `canary-step`; the valid keys .* are: node-version, .*canary-steps, .*min-mutation-score, risk-gate, risk-rules$/,
    );
    expect(r.out).not.toMatch(/\n\s+at |node:internal/);
    expect(r.stdout).toBe('');
    expect(existsSync(join(dir, '.shipkit'))).toBe(false);
  });

  it('without a terminal and without --yes: a clear error before any stage', async () => {
    const r = await shipkit([]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^✖ the release waits for a "go" before production, and there is no terminal here to ask: pass `--yes`/);
    expect(r.stdout).toBe('');
    expect(existsSync(join(dir, '.shipkit'))).toBe(false);
  });

  it('a bad risk-rules is a failed risk stage, named as the shipkit.yml key, and stops the run', async () => {
    commitRelease('0.0.1', { 'risk-rules': "'- paths: [src/**]'" });
    const r = await shipkit(['--yes', '--reports', '.shipkit/reports/risk']);
    git('reset', '-q', '--hard', 'HEAD~1');
    expect(r.code).toBe(1);
    const report = reportOf('risk');
    expect(report.outcome).toBe('stopped');
    expect(report.stages.map((s) => `${s.stage} ${s.verdict}`)).toEqual(['gates pass', 'risk fail', 'diagnose pass']);
    expect(stageOf(report, 'risk')?.detail).toMatch(/`rules`.*\(`rules` of risk-gate is `risk-rules` in shipkit\.yml\)$/);
    expect(existsSync(join(dir, '.shipkit', 'local-deployments'))).toBe(false);
  });

  it('a failing gate stops the run before anything is deployed, and is diagnosed', async () => {
    writeFileSync(join(dir, 'notes.json'), '{"a":1,\n    "b":2}\n');
    git('add', 'notes.json');
    git('commit', '-q', '-m', 'badly formatted notes');
    const r = await shipkit(['--yes', '--reports', '.shipkit/reports/gate']);
    git('reset', '-q', '--hard', 'HEAD~1');
    expect(r.code).toBe(1);
    const report = reportOf('gate');
    expect(report.outcome).toBe('stopped');
    expect(report.stages.map((s) => `${s.stage} ${s.verdict}`)).toEqual(['gates fail', 'diagnose pass']);
    expect(stageOf(report, 'gates')?.detail).toMatch(/^failed: format/);
    expect(stageOf(report, 'diagnose')?.detail).toMatch(
      /^format, tier 1 \(safe to fix automatically\), from \.shipkit\/reports\/gate\/gates\.log/,
    );
    expect(r.stdout).toMatch(/Not released: gates stopped the run/);
    // Nothing was deployed: no deployment record, no process.
    expect(existsSync(join(dir, '.shipkit', 'local-deployments'))).toBe(false);
    expect(marked().map(show)).toEqual([]);
    // Every report and the stage's log are in the one directory.
    const files = readdirSync(join(dir, '.shipkit', 'reports', 'gate'));
    expect(files).toEqual(expect.arrayContaining(['pipeline.json', 'gates.log', 'diagnose.log']));
    expect(files.some((f) => /^fast-gates-gates-\d+\.json$/.test(f))).toBe(true);
    expect(files.some((f) => /^diagnose-diagnose-\d+\.json$/.test(f))).toBe(true);
  });

  it('the first release goes to production; the next healthy one goes through the canary to 100 %', async () => {
    const v1 = commitRelease('1.0.0');
    const first = await shipkit(['--yes', '--reports', '.shipkit/reports/v1']);
    expect(first.code, first.out).toBe(0);
    const r1 = reportOf('v1');
    expect(r1.outcome).toBe('released');
    expect(r1.stages.map((s) => `${s.stage} ${s.verdict}`)).toEqual([
      'gates pass',
      'risk pass',
      'tests pass',
      'coverage pass',
      'mutation skip',
      'build pass',
      'preview pass',
      'staging pass',
      'go pass',
      'release pass',
      'watch pass',
    ]);
    expect(stageOf(r1, 'release')?.detail).toMatch(/^first release: nothing in production to run a canary against/);
    // risk-gate on the change, informational: the class, the files that set it, who reviews.
    expect(stageOf(r1, 'risk')?.detail).toBe('medium: `package.json` (feature code (no other rule matched)) (a person reviews)');
    expect(r1.risk).toMatchObject({ class: 'medium', decision: 'review' });
    expect(readdirSync(join(dir, '.shipkit', 'reports', 'v1')).some((f) => /^risk-gate-risk-\d+\.json$/.test(f))).toBe(true);
    expect(r1.live?.sha).toBe(v1);
    expect(await versionsAt(r1.live?.url ?? '', 3)).toEqual(['1.0.0 200', '1.0.0 200', '1.0.0 200']);

    // v2 carries a destructive migration: high risk, said, and the release goes on (the class is information).
    mkdirSync(join(dir, 'migrations'), { recursive: true });
    writeFileSync(join(dir, 'migrations', '001_items.sql'), 'ALTER TABLE items DROP COLUMN legacy_price;\n');
    git('add', 'migrations');
    const v2 = commitRelease('2.0.0');
    const second = await shipkit(['--yes', '--reports', '.shipkit/reports/v2']);
    expect(second.code, second.out).toBe(0);
    const r2 = reportOf('v2');
    expect(r2.outcome).toBe('released');
    expect(stageOf(r2, 'risk')?.detail).toMatch(
      /^high: `migrations\/001_items\.sql` \(destructive migration \(drop-column\)\) \(a person reviews\)$/,
    );
    expect(second.stdout).toMatch(/^\[\s*\d+:\d\d\] ✔ risk\s+pass\s+[\d.]+ m?s\s+high: `migrations\/001_items\.sql`/m);
    expect(second.stdout).toMatch(/^risk\s+pass\s+[\d.]+ m?s\s+high: /m);
    expect(r2.base).toBe(v1); // the change is measured against what production runs
    expect(r2.canary?.verdict).toBe('promoted');
    expect(r2.canary?.users?.requests).toBeGreaterThan(0);
    expect(stageOf(r2, 'release')?.detail).toMatch(/^canary 50 → 100 %: promoted/);
    // Progress lines, plain (no terminal): the stage, the step, the weight, the time.
    expect(second.stdout).toMatch(/^\[\s*\d+:\d\d\] release\s+canary step 1\/2 · 50 %$/m);
    expect(second.stdout).toMatch(/^stage\s+verdict\s+time\s+detail$/m);
    expect(second.stdout).toMatch(/^release\s+pass\s+[\d.]+ s\s+canary 50 → 100 %: promoted/m);
    expect(r2.live?.sha).toBe(v2);
    expect(r2.live?.url).toBe(traffic().url);
    expect(await versionsAt(traffic().url, 20)).toEqual(Array(20).fill('2.0.0 200'));
    // Preview and staging were stopped: what runs is production — its proxy and the one release.
    expect(outsideProduction(marked())).toEqual([]);
    expect(traffic().candidate).toBeNull();
  });

  it('a regression is aborted at the first canary step, rolled back, verified and diagnosed; exit 1', async () => {
    const v3 = commitRelease('3.0.0', { 'start-command': 'APP_MODE=slow exec node src/server.js' });
    const r = await shipkit(['--yes', '--reports', '.shipkit/reports/v3']);
    expect(r.code, r.out).toBe(1);
    const report = reportOf('v3');
    expect(report.outcome).toBe('rolled-back');
    expect(report.stages.slice(-3).map((s) => `${s.stage} ${s.verdict}`)).toEqual(['release fail', 'rollback pass', 'diagnose pass']);
    expect(report.canary).toMatchObject({ verdict: 'aborted', step: '1' });
    expect(report.rolledBack?.sha).toBe(v3);
    expect(report.rolledBack?.reason).toMatch(/^canary aborted at step 1: latency: canary \d+\/\d+ = [\d.]+ % slower than/);
    expect(stageOf(report, 'rollback')?.detail).toMatch(/verified at http:\/\/127\.0\.0\.1:\d+/);
    expect(stageOf(report, 'diagnose')?.detail).toMatch(
      /^unknown, tier 3 \(needs a person\), from \.shipkit\/reports\/v3\/release\.log — next: The release behaved worse than production/,
    );
    expect(r.stdout).toMatch(/^Rolled back [0-9a-f]{7}: canary aborted at step 1: latency/m);
    expect(report.live?.sha).not.toBe(v3);
    expect(await versionsAt(traffic().url, 20)).toEqual(Array(20).fill('2.0.0 200'));
    // The ledger: the regression is marked bad.
    const ledger = JSON.parse(readFileSync(join(dir, '.shipkit', 'deployments.json'), 'utf8')) as {
      deployments: { environment: string; sha: string; statuses: { state: string }[] }[];
    };
    const canaryRecord = ledger.deployments.find((d) => d.environment === 'production' && d.sha === v3);
    expect(canaryRecord?.statuses[0]?.state).toBe('failure');
  });

  it('a release that breaks after its promotion: the watch fails, the one before is started again from its artifact and verified', async () => {
    const v2 = reportOf('v2').live;
    const v6 = commitRelease('6.0.0');
    let broken = false;
    const r = await shipkit(['--yes', '--reports', '.shipkit/reports/v6'], {
      onOutput: (out) => {
        if (broken || !/^\[\s*\d+:\d\d\] watch\s+slo-watch/m.test(out)) return;
        broken = true;
        // In production now, 6.0.0 starts failing (the example service's release switch).
        void fetch(`${traffic().url}/admin/mode`, { method: 'POST', body: JSON.stringify({ mode: 'failing' }) }).then((x) =>
          x.arrayBuffer(),
        );
      },
    });
    expect(broken, r.out).toBe(true);
    expect(r.code, r.out).toBe(1);
    const report = reportOf('v6');
    expect(report.outcome).toBe('rolled-back');
    expect(report.stages.slice(-4).map((s) => `${s.stage} ${s.verdict}`)).toEqual([
      'release pass',
      'watch fail',
      'rollback pass',
      'diagnose pass',
    ]);
    expect(report.rolledBack?.reason).toMatch(/^the watch after the release failed: errors: /);
    expect(stageOf(report, 'rollback')?.detail).toMatch(
      /^production restored to [0-9a-f]{7} \(started again from its artifact\); verified at /,
    );
    expect(stageOf(report, 'diagnose')?.detail).toMatch(
      /^unknown, tier 3 \(needs a person\), from \.shipkit\/reports\/v6\/watch\.log — next: The release broke its SLO/,
    );
    // 2.0.0 serves again, behind the same stable URL, from a new process started from its artifact.
    expect(report.live).toMatchObject({ sha: v2?.sha, url: traffic().url, artifact: v2?.artifact });
    expect(report.live?.deploymentId).not.toBe(v2?.deploymentId);
    expect(await versionsAt(traffic().url, 20)).toEqual(Array(20).fill('2.0.0 200'));
    expect(v6).not.toBe(v2?.sha);
    // The release rolled back from is stopped too: only production's proxy and 2.0.0 run.
    expect(outsideProduction(marked())).toEqual([]);
  });

  it('Ctrl-C during the canary: traffic back on stable, nothing the run started left running, exit 130', async () => {
    // A healthy release whose canary cannot decide quickly (99.9 %: thousands of requests), so it is at 50 % when interrupted.
    commitRelease('4.0.0', { 'error-slo': "'99.9%'", bake: '5m' });
    let tree: Proc[] = [];
    let sent = false;
    const r = await shipkit(['--yes', '--reports', '.shipkit/reports/v4'], {
      onOutput: (out, pid) => {
        if (sent || !/canary step 1\/2 · 50 %/.test(out)) return;
        sent = true;
        // Let the step bake a moment, then look at the tree and press Ctrl-C (SIGINT to the foreground group).
        setTimeout(() => {
          tree = descendants(pid);
          process.kill(-pid, 'SIGINT');
        }, 1500);
      },
    });
    expect(sent, r.out).toBe(true);
    expect(r.code, r.out).toBe(130);
    // The canary-step action was running when it was interrupted.
    expect(tree.some((p) => p.cmd.includes('dist/canary-step/index.js'))).toBe(true);
    const report = reportOf('v4');
    expect(report.outcome).toBe('interrupted');
    expect(stageOf(report, 'release')).toMatchObject({ verdict: 'interrupted' });
    expect(stageOf(report, 'release')?.detail).toMatch(/^interrupted at 50 %: traffic back on stable/);
    expect(r.stdout).toMatch(/Interrupted: traffic is on stable, and nothing this run started is left running/);
    // All traffic on stable (v2): the proxy routes every request there.
    expect(traffic().candidate).toBeNull();
    expect(await versionsAt(traffic().url, 40)).toEqual(Array(40).fill('2.0.0 200'));
    // Nothing of the run's process tree is left, nor any process it started elsewhere: only production (the proxy and stable) runs.
    // A process is the same one when its pid and its start time are (a pid can be reused).
    const alive = new Set(processes().map((p) => `${p.pid}@${p.started}`));
    expect(outsideProduction(tree.filter((p) => alive.has(`${p.pid}@${p.started}`)))).toEqual([]);
    expect(outsideProduction(marked())).toEqual([]);
  });

  it('on a terminal: a live progress line, and the go is asked; "n" stops before production', async () => {
    commitRelease('5.0.0');
    const [name, value] = MARK.split('=') as [string, string];
    // `script` gives the pipeline a terminal (a pseudo-terminal), as a shell in a terminal would.
    const r = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn('script', ['-qec', `${process.execPath} ${bin} pipeline --reports .shipkit/reports/tty`, '/dev/null'], {
        cwd: dir,
        env: { ...process.env, [name]: value, NO_COLOR: '', TERM: 'xterm' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      let answered = false;
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (!answered && out.includes('[y/N] ')) {
          answered = true;
          child.stdin.write('n\r');
        }
      });
      child.on('close', (code) => resolve({ code, out }));
    });
    expect(r.code, r.out).toBe(1);
    // The live line: redrawn in place (carriage return, erase line), with the stage, the step and the time.
    // eslint-disable-next-line no-control-regex -- the terminal's own control sequences are what is checked
    expect(r.out).toMatch(/\r\u001b\[2K\u001b\[1m. staging · preview-deploy · \d:\d\d \(\d:\d\d\)/);
    expect(r.out).toMatch(/Release [0-9a-f]{7} "release 5\.0\.0" to production \(canary 50,100 %\)\? \[y\/N\] /);
    const report = reportOf('tty');
    expect(report.outcome).toBe('stopped');
    expect(stageOf(report, 'go')).toMatchObject({ verdict: 'declined', detail: 'not released: the answer was "n"' });
    expect(report.stages.map((s) => s.stage)).not.toContain('release');
    expect(await versionsAt(traffic().url, 5)).toEqual(Array(5).fill('2.0.0 200'));
    expect(outsideProduction(marked())).toEqual([]);
  });
});
