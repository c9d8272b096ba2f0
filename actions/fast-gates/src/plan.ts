/**
 * From the `gates` input to runnable gates: `auto` detects what the repository uses; names pick
 * built-in gates; `name: command` entries are custom gates. Every problem (an unknown name, a
 * tool that is not installed) is collected into one error that says how to fix it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError } from '@shipkit/kit';
import { exec } from '@shipkit/kit/exec';
import type { GateContext, GateOutcome, PlannedGate } from './context';
import {
  biomeDisabled,
  findTool,
  hasFile,
  installAllHint,
  installHint,
  packageInstalledNear,
  pythonUses,
  usesPackage,
  type Project,
} from './detect';
import { outputTail, parseGenericLines } from './parse';
import { redactor } from '@shipkit/kit';
import { runBiome, runEslint, runMypy, runPrettier, runRuff, runSecretlint, runTsc, tsProjects } from './tools';
import { exitCodeOf } from './tools/run-tool';

export type GateRequest = { kind: 'auto' } | { kind: 'builtin'; name: string } | { kind: 'custom'; name: string; command: string };

export const BUILTIN_GATES = ['format', 'lint', 'types', 'secrets', 'ruff-format', 'ruff', 'mypy'] as const;

const NAME = /^[A-Za-z0-9][\w.-]*$/;

/** The `gates` input (already YAML-parsed): `auto`, a list of names and `name: command` maps, or one map. */
export function parseGateRequests(value: unknown): GateRequest[] {
  const bad = (why: string): never => {
    throw new ConfigurationError(
      `\`gates\` ${why}; write \`auto\`, or a YAML list such as \`[format, lint, types, secrets, "test: npm test"]\``,
      'gates',
    );
  };
  const entries: unknown[] = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.split(',')
      : value && typeof value === 'object'
        ? Object.entries(value).map(([k, v]) => ({ [k]: v }))
        : bad(`must be a list, got \`${String(value)}\``);
  const requests: GateRequest[] = [];
  const names = new Set<string>();
  const push = (r: GateRequest): void => {
    const name = r.kind === 'auto' ? 'auto' : r.name;
    if (names.has(name)) bad(`names \`${name}\` twice`);
    names.add(name);
    requests.push(r);
  };
  for (const entry of entries) {
    if (typeof entry === 'string') {
      const text = entry.trim();
      if (text === '') continue;
      const colon = /^([^:\s]+):\s+(.+)$/.exec(text);
      if (colon) push({ kind: 'custom', name: colon[1] as string, command: colon[2] as string });
      else if (text === 'auto') push({ kind: 'auto' });
      else if (!NAME.test(text)) bad(`has an entry \`${text}\` that is neither a gate name nor \`name: command\``);
      else push({ kind: 'builtin', name: text });
    } else if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
      for (const [name, command] of Object.entries(entry)) {
        if (!NAME.test(name)) bad(`has a gate name \`${name}\` with characters other than letters, digits, \`.\`, \`_\` and \`-\``);
        if (typeof command !== 'string' || command.trim() === '') bad(`gives gate \`${name}\` no command (write \`${name}: <command>\`)`);
        push({ kind: 'custom', name, command: String(command).trim() });
      }
    } else bad(`has an entry that is neither a gate name nor \`name: command\`: \`${JSON.stringify(entry)}\``);
  }
  if (requests.length === 0) bad('is empty');
  return requests;
}

interface ToolChoice {
  /** Display name. */
  tool: string;
  /** npm package, or the Python package. */
  pkg: string;
  bin: string;
  python?: boolean;
  /** Does the repository say it uses this tool (dependency, config file, lockfile)? */
  used(project: Project): boolean;
  gate(binPath: string, project: Project): Omit<PlannedGate, 'name' | 'tool'>;
}

const preview = (bin: string, args: string): string => `${bin} ${args}`;

const prettier: ToolChoice = {
  tool: 'Prettier',
  pkg: 'prettier',
  bin: 'prettier',
  used: (p) => usesPackage(p, 'prettier') || p.prettierInPackageJson || hasFile(p, /^(\.prettierrc(\.\w+)?|prettier\.config\.\w+)$/),
  gate: (bin) => ({ preview: preview('prettier', '--list-different'), run: (ctx) => runPrettier(bin, ctx) }),
};
const biome = (sub: 'format' | 'lint'): ToolChoice => ({
  tool: 'Biome',
  pkg: '@biomejs/biome',
  bin: 'biome',
  used: (p) =>
    (usesPackage(p, '@biomejs/biome') || hasFile(p, /^biome\.jsonc?$/)) && !biomeDisabled(p)[sub === 'format' ? 'formatter' : 'linter'],
  gate: (bin) => ({ preview: preview('biome', sub), run: (ctx) => runBiome(bin, sub, ctx) }),
});
const eslint: ToolChoice = {
  tool: 'ESLint',
  pkg: 'eslint',
  bin: 'eslint',
  used: (p) => usesPackage(p, 'eslint') || p.eslintConfigInPackageJson || hasFile(p, /^(eslint\.config\.\w+|\.eslintrc(\.\w+)?)$/),
  gate: (bin) => ({ preview: preview('eslint', '-f json'), run: (ctx) => runEslint(bin, ctx) }),
};
const tsc: ToolChoice = {
  tool: 'TypeScript',
  pkg: 'typescript',
  bin: 'tsc',
  used: (p) => usesPackage(p, 'typescript') || tsProjects(p.dir).length > 0,
  gate: (bin) => ({ preview: preview('tsc', '--noEmit --pretty false'), run: (ctx) => runTsc(bin, ctx) }),
};
const secretlint: ToolChoice = {
  tool: 'secretlint',
  pkg: 'secretlint @secretlint/secretlint-rule-preset-recommend',
  bin: 'secretlint',
  used: (p) => usesPackage(p, 'secretlint') || hasFile(p, /^\.secretlintrc/),
  gate: (bin) => ({ preview: preview('secretlint', '--format json'), run: (ctx) => runSecretlint(bin, ctx) }),
};
const ruff = (sub: 'format' | 'check'): ToolChoice => ({
  tool: 'Ruff',
  pkg: 'ruff',
  bin: 'ruff',
  python: true,
  used: (p) => pythonUses(p, 'ruff'),
  gate: (bin) => ({ preview: preview('ruff', sub === 'format' ? 'format --check' : 'check'), run: (ctx) => runRuff(bin, sub, ctx) }),
});
const mypy: ToolChoice = {
  tool: 'mypy',
  pkg: 'mypy',
  bin: 'mypy',
  python: true,
  used: (p) => pythonUses(p, 'mypy'),
  gate: (bin, p) => ({
    preview: preview('mypy', '--show-column-numbers'),
    run: (ctx) => runMypy(bin, ctx, /^\s*files\s*=/m.test(p.pythonText) || existsSync(join(p.dir, 'mypy.ini'))),
  }),
};

const CHOICES: Record<(typeof BUILTIN_GATES)[number], ToolChoice[]> = {
  format: [prettier, biome('format')],
  lint: [eslint, biome('lint')],
  types: [tsc],
  secrets: [secretlint],
  'ruff-format': [ruff('format')],
  ruff: [ruff('check')],
  mypy: [mypy],
};

const isBuiltin = (name: string): name is (typeof BUILTIN_GATES)[number] => (BUILTIN_GATES as readonly string[]).includes(name);

function installAdvice(choice: ToolChoice, project: Project, listed: boolean): string {
  if (choice.python)
    return listed
      ? `install it in the job (\`pip install ${choice.pkg}\`, or your \`uv sync\` / \`poetry install\`)`
      : `install it with \`pip install ${choice.pkg}\``;
  if (listed) return `run \`${installAllHint(project)}\` before fast-gates`;
  return `install it with \`${installHint(project, choice.pkg)}\``;
}

export interface Plan {
  gates: PlannedGate[];
  /** What auto left out and why, for a notice. */
  notes: string[];
}

export function planGates(requests: readonly GateRequest[], project: Project, env: NodeJS.ProcessEnv = process.env): Plan {
  const problems: string[] = [];
  const notes: string[] = [];
  const gates: PlannedGate[] = [];
  const explicit = new Set(requests.filter((r) => r.kind !== 'auto').map((r) => (r as { name: string }).name));
  const find = (bin: string): string | undefined => findTool(bin, project.dir, project.root, env);

  const builtin = (name: (typeof BUILTIN_GATES)[number], auto: boolean): void => {
    const choices = CHOICES[name];
    const used = choices.find((c) => c.used(project));
    const installed = choices.find((c) => find(c.bin) !== undefined);
    const choice = used ?? (auto ? undefined : (installed ?? choices[0]));
    if (!choice) {
      if (name === 'secrets' && auto)
        notes.push('`secrets` not run: add `secretlint` and `@secretlint/secretlint-rule-preset-recommend` to the dev dependencies');
      return;
    }
    const bin = find(choice.bin);
    const drop = auto ? `or list the gates you want instead of \`auto\`` : `or drop \`${name}\` from \`gates\``;
    if (!bin) {
      const listed = used !== undefined && !choice.python;
      problems.push(
        `the \`${name}\` gate needs ${choice.tool}, which is ${listed ? 'listed by the project but ' : ''}not installed (no ${choice.python ? `${choice.bin} in .venv/bin` : `node_modules/.bin/${choice.bin}`} and none on PATH); ${installAdvice(choice, project, listed)}, ${drop}`,
      );
      return;
    }
    if (
      choice === secretlint &&
      !hasFile(project, /^\.secretlintrc/) &&
      !packageInstalledNear(bin, '@secretlint/secretlint-rule-preset-recommend')
    ) {
      problems.push(
        `the \`secrets\` gate needs the secretlint rules \`@secretlint/secretlint-rule-preset-recommend\` (or a .secretlintrc of your own); install them with \`${installHint(project, '@secretlint/secretlint-rule-preset-recommend')}\`, ${drop}`,
      );
      return;
    }
    gates.push({ name, tool: choice.tool, ...choice.gate(bin, project) });
  };

  for (const request of requests) {
    if (request.kind === 'auto') {
      for (const name of BUILTIN_GATES) if (!explicit.has(name)) builtin(name, true);
    } else if (request.kind === 'custom') {
      gates.push(customGate(request.name, request.command));
    } else if (isBuiltin(request.name)) {
      builtin(request.name, false);
    } else {
      problems.push(
        `unknown gate \`${request.name}\`: the built-in gates are ${BUILTIN_GATES.map((g) => `\`${g}\``).join(', ')}; for a gate of your own write \`${request.name}: <command>\`, or drop \`${request.name}\` from \`gates\``,
      );
    }
  }
  if (problems.length > 0) throw new ConfigurationError(problems.join('; '), 'gates');
  if (gates.length === 0)
    throw new ConfigurationError(
      `\`auto\` found nothing to check in ${project.dir}: no Prettier, ESLint, Biome, TypeScript, secretlint, Ruff or mypy in package.json, config files or lockfiles; set \`working-directory\` to the project, or list gates (\`name: command\` for your own)`,
      'gates',
    );
  return { gates, notes };
}

/** A custom gate: a shell command; its exit code decides, and `file:line:col: message` lines become findings. */
export function customGate(name: string, command: string): PlannedGate {
  return {
    name,
    tool: 'custom',
    preview: command,
    run: async (ctx: GateContext): Promise<GateOutcome> => {
      const env = {
        ...ctx.env,
        FAST_GATES_CHANGED_ONLY: ctx.changed ? 'true' : 'false',
        FAST_GATES_CHANGED_FILES: (ctx.changed ?? []).join('\n'),
      };
      const r = await exec(command, [], { cwd: ctx.dir, signal: ctx.signal, env, shell: true });
      if (r.cancelled) return { command, status: 'cancelled', exitCode: null, findings: [] };
      const code = exitCodeOf(r);
      const text = `${r.stdout}\n${r.stderr}`;
      if (code === 0) return { command, status: 'passed', exitCode: 0, findings: [] };
      const findings = parseGenericLines(text, ctx.toPath, (p) => existsSync(join(ctx.dir, p)));
      if (!findings.some((f) => f.severity === 'error'))
        findings.push({
          rule: name,
          severity: 'error',
          message: `\`${command}\` exited with code ${code}:\n${redactor.redact(outputTail(text))}`,
        });
      return { command, status: 'failed', exitCode: code, findings };
    },
  };
}
