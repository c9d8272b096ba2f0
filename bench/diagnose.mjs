#!/usr/bin/env node
// diagnose benchmark (issue 4): a generated JUnit file of 100,000 test cases in 2,000 suites
// (~55 MB; 2 % failures with 8–17-line stack traces; system-out on a quarter of the cases),
// analysed by the committed bundle (wall time, peak RSS; target < 1 s and < 200 MB), and by python
// junitparser (Debian python3-junitparser, /usr/bin/python3) on the same file. Prints both and
// the ratio. Median of 3 runs each; the input is generated deterministically under the OS temp dir.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, mkdirSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runActionMeasured } from './_lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SUITES = 2000;
const PER_SUITE = 50;

/** Deterministic pseudo-random numbers (an LCG), so every run measures the same bytes. */
function lcg(seed) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

async function generate(path) {
  const rnd = lcg(42);
  const out = createWriteStream(path);
  let bytes = 0;
  let buffer = '';
  const w = async (text) => {
    buffer += text;
    if (buffer.length > 1 << 20) {
      bytes += Buffer.byteLength(buffer);
      if (!out.write(buffer)) await new Promise((r) => out.once('drain', r));
      buffer = '';
    }
  };
  let failures = 0;
  await w('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bench" tests="100000">\n');
  for (let su = 0; su < SUITES; su++) {
    const pkg = `com.example.module${su % 50}`;
    const cls = `${pkg}.Service${su}Test`;
    await w(
      `  <testsuite name="${cls}" tests="${PER_SUITE}" failures="1" errors="0" skipped="0" time="1.234" timestamp="2026-01-01T00:00:00" hostname="runner">\n`,
    );
    await w('    <properties><property name="java.version" value="21.0.5"/></properties>\n');
    for (let c = 0; c < PER_SUITE; c++) {
      const i = su * PER_SUITE + c;
      await w(
        `    <testcase name="should handle case ${i} when the input is valid" classname="${cls}" time="0.${String((i * 7919) % 1000).padStart(3, '0')}">\n`,
      );
      if (i % 50 === 7) {
        failures++;
        const frames = 8 + (i % 10);
        let stack = `java.lang.AssertionError: expected:&lt;${i}&gt; but was:&lt;${i + 1}&gt;\n`;
        for (let k = 0; k < frames; k++) stack += `\tat ${cls}.step${k}(Service${su}Test.java:${10 + k * 3})\n`;
        await w(
          `      <failure message="expected:&lt;${i}&gt; but was:&lt;${i + 1}&gt;" type="java.lang.AssertionError">${stack}</failure>\n`,
        );
      }
      if (i % 4 === 3) {
        let log = '';
        const lines = 6 + (i % 10);
        for (let k = 0; k < lines; k++)
          log += `2026-01-01T00:00:${String(k).padStart(2, '0')}.123Z INFO  [main] ${pkg}.Service${su} - step ${k} of case ${i}: handled request id=${Math.floor(rnd() * 1e9)} in ${Math.floor(rnd() * 100)} ms\n`;
        await w(`      <system-out><![CDATA[${log}]]></system-out>\n`);
      }
      await w('    </testcase>\n');
    }
    await w('  </testsuite>\n');
  }
  await w('</testsuites>\n');
  bytes += Buffer.byteLength(buffer);
  out.end(buffer);
  await new Promise((r) => out.on('finish', r));
  return { bytes, failures };
}

/** Runs a command under /usr/bin/time for its peak RSS; returns wall ms, peak MB and stdout. */
function measure(cmd, args, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '%U %S %M', cmd, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const [user, sys, kb] = (err.trim().split('\n').pop() ?? '').split(' ').map(Number);
      if (code !== 0) reject(new Error(`${cmd} exited ${code}:\n${out}\n${err}`));
      else resolve({ ms, cpuMs: (user + sys) * 1000, mb: kb / 1024, out });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dir = mkdtempSync(join(tmpdir(), 'shipkit-bench-diagnose-'));
const file = join(dir, 'reports', 'TEST-bench.xml');
mkdirSync(dirname(file));
const gen = await generate(file);
console.log(
  `input: ${file}\n  ${(statSync(file).size / 1e6).toFixed(1)} MB, ${SUITES * PER_SUITE} test cases in ${SUITES} suites, ${gen.failures} failures (${((gen.failures / (SUITES * PER_SUITE)) * 100).toFixed(1)} %)`,
);

const ours = [];
let data;
for (let r = 0; r < RUNS; r++) {
  const m = runActionMeasured('diagnose', { cwd: dir, inputs: { junit: 'reports/*.xml', mode: 'summary', 'max-cycles': '3' } });
  if (m.status !== 0) throw new Error(`diagnose exited ${m.status}:\n${m.stdout}\n${m.stderr}`);
  ours.push({ ms: m.wallMs, cpuMs: m.cpuMs, mb: m.peakMb });
  data = m.report;
}
const failedTests = data.failedTests.length + data.omittedFailedTests;
if (failedTests !== gen.failures || data.totals.tests !== SUITES * PER_SUITE)
  throw new Error(`diagnose found ${failedTests} failing tests, expected ${gen.failures}`);

const python = `
import sys
from junitparser import JUnitXml, Failure, Error, Skipped
xml = JUnitXml.fromfile(sys.argv[1])
tests = failed = 0
for suite in xml:
    for case in suite:
        tests += 1
        if any(isinstance(r, (Failure, Error)) for r in case.result):
            failed += 1
print(tests, failed)
`;
const script = join(dir, 'junitparser_count.py');
writeFileSync(script, python);
const theirs = [];
for (let r = 0; r < RUNS; r++) theirs.push(await measure('/usr/bin/python3', [script, file], { PATH: process.env.PATH }));
const [pyTests, pyFailed] = theirs[0].out.trim().split(' ').map(Number);
if (pyTests !== SUITES * PER_SUITE || pyFailed !== gen.failures)
  throw new Error(`junitparser counted ${pyTests} tests, ${pyFailed} failed`);

const ourMs = median(ours.map((r) => r.ms));
const ourCpu = median(ours.map((r) => r.cpuMs));
const pyCpu = median(theirs.map((r) => r.cpuMs));
const [load1] = (await import('node:os')).loadavg();
const ourMb = Math.max(...ours.map((r) => r.mb));
const pyMs = median(theirs.map((r) => r.ms));
const pyMb = Math.max(...theirs.map((r) => r.mb));
console.log(`median of ${RUNS} runs (whole process: start-up, parse, classify, summary, report); load average ${load1.toFixed(1)}:`);
console.log(
  `  dist/diagnose/index.js   wall ${ourMs.toFixed(0)} ms, cpu ${ourCpu.toFixed(0)} ms, peak RSS ${ourMb.toFixed(0)} MB   (target < 1000 ms, < 200 MB: wall ${ourMs < 1000 && ourMb < 200 ? 'met' : 'NOT met'}, cpu ${ourCpu < 1000 && ourMb < 200 ? 'met' : 'NOT met'})`,
);
console.log(
  `  python junitparser      wall ${pyMs.toFixed(0)} ms, cpu ${pyCpu.toFixed(0)} ms, peak RSS ${pyMb.toFixed(0)} MB   (counts tests and failures only)`,
);
console.log(
  `  ratio junitparser/diagnose: wall ${(pyMs / ourMs).toFixed(2)}×, cpu ${(pyCpu / ourCpu).toFixed(2)}×, memory ${(pyMb / ourMb).toFixed(2)}×`,
);
console.log(`  both found ${pyTests} test cases and ${pyFailed} failing ones`);
rmSync(dir, { recursive: true, force: true });
