import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportDir, writeReport } from '../src/report';
import { redactor } from '../src/redact';
import { SHIPKIT_VERSION } from '../src/version';

const temp = (): string => mkdtempSync(join(tmpdir(), 'kit-report-'));

describe('reports', () => {
  it('lives under $RUNNER_TEMP/shipkit, or SHIPKIT_REPORT_DIR, or the OS temp dir', () => {
    expect(reportDir({ RUNNER_TEMP: '/runner/_temp' })).toBe('/runner/_temp/shipkit');
    expect(reportDir({ RUNNER_TEMP: '/runner/_temp', SHIPKIT_REPORT_DIR: '/custom' })).toBe('/custom');
    expect(reportDir({})).toBe(join(tmpdir(), 'shipkit'));
    expect(reportDir({ SHIPKIT_REPORT_DIR: '', RUNNER_TEMP: '' })).toBe(join(tmpdir(), 'shipkit'));
  });

  it('writes one envelope with the verdict, timing and data', () => {
    const runnerTemp = temp();
    const startedAt = new Date(Date.now() - 1500);
    const { path, envelope } = writeReport(
      { action: 'smoke', version: SHIPKIT_VERSION, verdict: 'fail', startedAt, data: { probes: [{ name: 'health', status: 503 }] } },
      { RUNNER_TEMP: runnerTemp, GITHUB_JOB: 'deploy' },
    );
    expect(path).toBe(join(runnerTemp, 'shipkit', `smoke-deploy-${process.pid}.json`));
    const onDisk = JSON.parse(readFileSync(path, 'utf8')) as typeof envelope;
    expect(onDisk).toEqual(envelope);
    expect(onDisk).toMatchObject({
      schema: 'https://shipkit.dev/schemas/report/v1',
      action: 'smoke',
      version: '1.0.0',
      verdict: 'fail',
      startedAt: startedAt.toISOString(),
      data: { probes: [{ name: 'health', status: 503 }] },
    });
    expect(onDisk.durationMs).toBeGreaterThanOrEqual(1500);
    expect(Date.parse(onDisk.finishedAt) - Date.parse(onDisk.startedAt)).toBe(onDisk.durationMs);
  });

  it('takes a file name, and redacts before touching the disk (secrets with quotes and newlines too)', () => {
    redactor.addSecret('report "quoted"\nsecret');
    const runnerTemp = temp();
    const { path } = writeReport(
      {
        action: 'diagnose',
        version: SHIPKIT_VERSION,
        verdict: 'pass',
        startedAt: new Date(),
        fileName: 'diagnosis.json',
        data: { log: 'saw report "quoted"\nsecret and https://u:pw-secret@host/', token: `ghs_${'x1'.repeat(18)}` },
      },
      { RUNNER_TEMP: runnerTemp },
    );
    expect(path).toBe(join(runnerTemp, 'shipkit', 'diagnosis.json'));
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('quoted');
    expect(text).not.toContain('pw-secret');
    // Masks keep line breaks: the secret spanned two lines, so does its mask.
    expect(JSON.parse(text).data).toEqual({ log: 'saw ***\n*** and https://u:***@host/', token: '***' });
  });
});
