/**
 * SARIF 2.1.0 for code scanning: one run per gate (a tool per run, so GitHub keeps them apart),
 * results with a physical location. Findings without a file (a tool that crashed) become
 * tool execution notifications instead of results, since code scanning needs a location.
 */
import type { Finding, GateResult } from './model';

const LEVEL: Record<Finding['severity'], 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', note: 'note' };

const INFO_URI: Record<string, string> = {
  ESLint: 'https://eslint.org',
  Prettier: 'https://prettier.io',
  TypeScript: 'https://www.typescriptlang.org',
  secretlint: 'https://github.com/secretlint/secretlint',
  Biome: 'https://biomejs.dev',
  Ruff: 'https://docs.astral.sh/ruff',
  mypy: 'https://mypy-lang.org',
};

/** Repository-relative path as a URI reference (spaces and `%` escaped, slashes kept). */
const uri = (path: string): string => path.split('/').map(encodeURIComponent).join('/');

export function toSarif(results: readonly GateResult[]): Record<string, unknown> {
  const used = new Map<string, number>();
  for (const r of results) used.set(r.tool, (used.get(r.tool) ?? 0) + 1);
  const runs = results
    .filter((r) => r.status !== 'cancelled' && r.status !== 'skipped')
    .map((gate) => {
      const located = gate.findings.filter((f) => f.file);
      const rules = [...new Set(located.map((f) => f.rule ?? gate.name))].sort();
      const name =
        gate.tool === 'custom' ? `fast-gates/${gate.name}` : (used.get(gate.tool) ?? 0) > 1 ? `${gate.tool} (${gate.name})` : gate.tool;
      const unlocated = gate.findings.filter((f) => !f.file);
      return {
        tool: {
          driver: {
            name,
            informationUri: INFO_URI[gate.tool] ?? 'https://github.com/shipkit/shipkit/tree/main/actions/fast-gates',
            rules: rules.map((id) => ({ id, shortDescription: { text: id } })),
          },
        },
        automationDetails: { id: `fast-gates/${gate.name}/` },
        invocations: [
          {
            commandLine: gate.command,
            executionSuccessful: gate.exitCode === 0 || located.length > 0,
            exitCode: gate.exitCode ?? undefined,
            toolExecutionNotifications: unlocated.map((f) => ({ level: LEVEL[f.severity], message: { text: f.message } })),
          },
        ],
        results: located.map((f) => {
          const ruleId = f.rule ?? gate.name;
          return {
            ruleId,
            ruleIndex: rules.indexOf(ruleId),
            level: LEVEL[f.severity],
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: uri(f.file as string), uriBaseId: '%SRCROOT%' },
                  region: {
                    startLine: f.line ?? 1,
                    ...(f.column ? { startColumn: f.column } : {}),
                    ...(f.endLine ? { endLine: f.endLine } : {}),
                    ...(f.endColumn ? { endColumn: f.endColumn } : {}),
                  },
                },
              },
            ],
          };
        }),
      };
    });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs,
  };
}
