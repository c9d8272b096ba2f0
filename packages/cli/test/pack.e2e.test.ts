/**
 * The CLI as another project gets it: `npm run pack:cli` builds the tarball, a fresh project installs
 * it with npm offline (nothing comes from a registry), and `npx --no -- shipkit` runs every action
 * from the bundles inside the package, not from this repository.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { actionNames, json, repoRoot, startServer, type TestServer } from '@shipkit/testkit';

const run = promisify(execFile);
// A user's shell, not the npm script this test may run under (whose npm_* variables steer npm).
const userEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
const env = { ...userEnv, NO_COLOR: '1' };

let work: string;
let project: string;
let tarball: string;
let service: TestServer;

const shipkit = async (cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  try {
    const r = await run('npx', ['--no', '--', 'shipkit', ...args], { cwd, env, encoding: 'utf8' });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'shipkit-pack-test-'));
  const packed = await run(process.execPath, [join(repoRoot, 'scripts', 'pack-cli.mjs'), '--out', work], { env, encoding: 'utf8' });
  tarball = packed.stdout.trim().split(' ')[0] ?? '';
  project = join(work, 'project');
  await run('mkdir', [project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'someone-elses-service', version: '0.0.0', private: true }));
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--save-dev', tarball], { cwd: project, env, encoding: 'utf8' });
  service = await startServer((req, res) => (req.url === '/healthz' ? json(res, 200, { ok: true }) : json(res, 404, {})));
});
afterAll(async () => {
  await service?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('the packed CLI', () => {
  it('is a tarball that installs offline with nothing but itself', () => {
    expect(tarball).toMatch(/shipkit-cli-\d+\.\d+\.\d+\.tgz$/);
    expect(readdirSync(join(project, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual(['@shipkit']);
    expect(readdirSync(join(project, 'node_modules', '@shipkit'))).toEqual(['cli']);
    const pkg = join(project, 'node_modules', '@shipkit', 'cli');
    for (const name of actionNames()) {
      expect(existsSync(join(pkg, 'actions', name, 'action.yml')), name).toBe(true);
      expect(existsSync(join(pkg, 'dist', name, 'index.js')), name).toBe(true);
    }
    expect(existsSync(join(pkg, 'src'))).toBe(false);
    // The local provider's traffic proxy, which canary-step and rollback start as a process of its own.
    expect(existsSync(join(pkg, 'dist', 'proxy', 'index.js'))).toBe(true);
  });

  it('has the pipeline command', async () => {
    const r = await shipkit(project, 'pipeline', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^shipkit pipeline — the release pipeline on this machine/);
    expect(r.stdout).toMatch(/^ {2}canary-steps\s+\(string, default "5,25,100"\)/m);
  });

  it('answers --help with every action', async () => {
    const r = await shipkit(project, '--help');
    expect(r.code).toBe(0);
    for (const name of actionNames()) expect(r.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it('runs smoke against a service on loopback', async () => {
    const r = await shipkit(project, 'smoke', '--url', service.url, '--probes', '- path: /healthz', '--wait-timeout', '0', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ passed: 'true', total: '1', failed: '0' });
    expect(r.stderr).toContain('Smoke ✅ passed: 1/1 probes');
  });

  it('runs every action from its bundle: each answers a run with no inputs with its own configuration error', async () => {
    for (const name of actionNames()) {
      const r = await shipkit(project, name);
      expect(r.code, `${name}: ${r.stdout}${r.stderr}`).toBe(1);
      expect(r.stdout, name).toMatch(/^✖ .+/m);
      expect(`${r.stdout}${r.stderr}`, name).not.toMatch(/\n\s+at |node:internal|Cannot find module/);
    }
  });
});
