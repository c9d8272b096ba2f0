// Temp git repositories with a base and a change, and coverage reports for them written in the
// exact shapes lcov (geninfo) and coverage.py/Cobertura write, for the end-to-end tests.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const sh = (cwd: string, cmd: string, ...args: string[]): string =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

export function source(seed: number, lines = 30): string {
  const out: string[] = [`// module ${seed}`, `export function f${seed}(x) {`];
  while (out.length < lines - 1) {
    const n = out.length;
    if (n % 6 === 2) out.push(`  if (x > ${n}) {`);
    else if (n % 6 === 4) out.push('  } else {');
    else if (n % 6 === 0) out.push('  }');
    else out.push(`  x = x + ${(seed * 31 + n) % 97};`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}

/** Lines a coverage tool would instrument: not comments, not lone braces. */
export function instrumented(text: string): number[] {
  return text
    .split('\n')
    .map((l, i) => [l.trim(), i + 1] as const)
    .filter(([t]) => t !== '' && !t.startsWith('//') && t !== '}' && t !== '} else {')
    .map(([, n]) => n);
}

/** Deterministic hits: some lines never run. */
export const hitsFor = (file: string, line: number): number => {
  let h = 0;
  for (const c of file) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return (h + line * 7) % 5 === 0 ? 0 : ((h + line) % 9) + 1;
};

export interface Repo {
  dir: string;
  base: string;
  cleanup(): void;
}

export function makeRepo(baseFiles: Record<string, string>, change: (dir: string) => void): Repo {
  // The repository sits in a private temp dir, so files a test writes beside it (`..`) go away with it.
  const parent = mkdtempSync(join(tmpdir(), 'coverage-gate-'));
  const dir = join(parent, 'repo');
  mkdirSync(dir);
  sh(dir, 'git', 'init', '-q', '-b', 'main');
  sh(dir, 'git', 'config', 'user.email', 'dev@example.com');
  sh(dir, 'git', 'config', 'user.name', 'dev');
  for (const [p, text] of Object.entries(baseFiles)) write(dir, p, text);
  sh(dir, 'git', 'add', '-A');
  sh(dir, 'git', 'commit', '-qm', 'base');
  const base = sh(dir, 'git', 'rev-parse', 'HEAD');
  sh(dir, 'git', 'checkout', '-qb', 'feature');
  change(dir);
  sh(dir, 'git', 'add', '-A');
  sh(dir, 'git', 'commit', '-qm', 'change');
  return { dir, base, cleanup: () => rmSync(parent, { recursive: true, force: true }) };
}

export function write(dir: string, path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

export const trackedFiles = (dir: string): string[] => sh(dir, 'git', 'ls-files').split('\n').filter(Boolean);

/** LCOV as geninfo writes it: TN, SF, FN/FNDA, DA, BRDA, LF/LH, BRF/BRH, end_of_record. */
export function lcovFor(dir: string, files: readonly string[], { prefix = '', hits = hitsFor } = {}): string {
  const out: string[] = [];
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'utf8');
    const lines = instrumented(text);
    const all = text.split('\n');
    out.push('TN:', `SF:${prefix}${f}`, `FN:2,f`, `FNDA:${hits(f, 2)},f`, 'FNF:1', `FNH:${hits(f, 2) > 0 ? 1 : 0}`);
    let lh = 0;
    const brda: string[] = [];
    for (const n of lines) {
      const h = hits(f, n);
      if (h > 0) lh++;
      out.push(`DA:${n},${h}`);
      if (all[n - 1]?.trim().startsWith('if ')) {
        brda.push(`BRDA:${n},0,0,${h > 0 ? h : '-'}`, `BRDA:${n},0,1,${h > 0 && n % 4 !== 0 ? 1 : h > 0 ? 0 : '-'}`);
      }
    }
    out.push(
      ...brda,
      `LF:${lines.length}`,
      `LH:${lh}`,
      `BRF:${brda.length}`,
      `BRH:${brda.filter((b) => !/,(-|0)$/.test(b)).length}`,
      'end_of_record',
    );
  }
  return out.join('\n') + '\n';
}

/** Cobertura as coverage.py writes it (DOCTYPE naming the external DTD included). */
export function coberturaFor(dir: string, files: readonly string[], { hits = hitsFor } = {}): string {
  const out: string[] = [
    '<?xml version="1.0" ?>',
    '<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">',
    '<coverage version="7.4.0" timestamp="1700000000000" lines-valid="0" lines-covered="0" line-rate="0" branches-covered="0" branches-valid="0" branch-rate="0" complexity="0">',
    `\t<sources>\n\t\t<source>${dir}</source>\n\t</sources>`,
    '\t<packages>\n\t\t<package name="." line-rate="0" branch-rate="0" complexity="0">\n\t\t\t<classes>',
  ];
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'utf8');
    const all = text.split('\n');
    out.push(
      `\t\t\t\t<class name="${f.split('/').pop()}" filename="${f}" complexity="0" line-rate="0" branch-rate="0">`,
      '\t\t\t\t\t<methods/>',
      '\t\t\t\t\t<lines>',
    );
    for (const n of instrumented(text)) {
      const h = hits(f, n);
      if (all[n - 1]?.trim().startsWith('if ')) {
        const c = h > 0 ? (n % 4 !== 0 ? 2 : 1) : 0;
        out.push(`\t\t\t\t\t\t<line number="${n}" hits="${h}" branch="true" condition-coverage="${(c / 2) * 100}% (${c}/2)"/>`);
      } else out.push(`\t\t\t\t\t\t<line number="${n}" hits="${h}"/>`);
    }
    out.push('\t\t\t\t\t</lines>', '\t\t\t\t</class>');
  }
  out.push('\t\t\t</classes>\n\t\t</package>\n\t</packages>\n</coverage>');
  return out.join('\n') + '\n';
}

/** A base of `n` modules and a change: edits, a rename with an edit, a new file, a deletion, a pure rename. */
export function standardRepo(n = 6): Repo {
  const baseFiles: Record<string, string> = {};
  for (let i = 0; i < n; i++) baseFiles[`src/mod${i}.js`] = source(i);
  baseFiles['src/old name.js'] = source(100);
  baseFiles['src/pure.js'] = source(101);
  baseFiles['src/gone.js'] = source(102, 12);
  return makeRepo(baseFiles, (dir) => {
    const edit = (p: string, at: number, extra: string[]): void => {
      const lines = readFileSync(join(dir, p), 'utf8').split('\n');
      lines.splice(at, 1, ...extra);
      writeFileSync(join(dir, p), lines.join('\n'));
    };
    edit('src/mod0.js', 3, ['  x = x * 2;', '  x = x - 1;', '  if (x > 1000) {', '  x = 0;', '  }']);
    edit('src/mod1.js', 10, ['  x = x + 42;']);
    sh(dir, 'git', 'mv', 'src/old name.js', 'src/new name.js');
    edit('src/new name.js', 7, ['  x = x + 7;', '  x = x + 8;']);
    mkdirSync(join(dir, 'lib'));
    sh(dir, 'git', 'mv', 'src/pure.js', 'lib/pure.js');
    sh(dir, 'git', 'rm', '-q', 'src/gone.js');
    write(dir, 'src/fresh.js', source(200, 16));
  });
}
