/**
 * The mutation-testing-report-schema (v1/v2, https://github.com/stryker-mutator/mutation-testing-elements):
 * what Stryker JS/.NET/Scala and PIT's converter write. `parseMutationReport` validates just what the
 * gate relies on and says precisely what is wrong, so a broken report is a user error, not a crash.
 */
import { ConfigurationError } from '@shipkit/kit';
import { jsonProblem } from '@shipkit/kit/json';

export { jsonProblem };

export const MUTANT_STATUSES = [
  'Killed',
  'Survived',
  'NoCoverage',
  'CompileError',
  'RuntimeError',
  'Timeout',
  'Ignored',
  'Pending',
] as const;
export type MutantStatus = (typeof MUTANT_STATUSES)[number];

export interface Position {
  line: number;
  column: number;
}

export interface SchemaMutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  description?: string;
  location: { start: Position; end: Position };
  status: MutantStatus;
  statusReason?: string;
  [extra: string]: unknown;
}

export interface SchemaFile {
  language?: string;
  source?: string;
  mutants: SchemaMutant[];
  [extra: string]: unknown;
}

export interface MutationReport {
  schemaVersion: string;
  thresholds: { high: number; low: number; break?: number | null };
  projectRoot?: string;
  files: Record<string, SchemaFile>;
  [extra: string]: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPosition = (v: unknown): v is Position =>
  isObject(v) && Number.isInteger(v.line) && Number.isInteger(v.column) && (v.line as number) >= 1 && (v.column as number) >= 0;

/** Validates a parsed report; `what` names it in messages (`the report \`x.json\``), `input` is the input to blame. */
export function validateMutationReport(value: unknown, what: string, input: string): MutationReport {
  const bad = (detail: string): ConfigurationError =>
    new ConfigurationError(
      `${what} is not a mutation-testing-report-schema report: ${detail}; point \`${input}\` at the JSON your mutation tool writes (Stryker: the \`json\` reporter, reports/mutation/mutation.json)`,
      input,
    );
  if (!isObject(value)) throw bad('the top level is not a JSON object');
  if (!isObject(value.files)) throw bad('it has no `files` object');
  const schemaVersion = typeof value.schemaVersion === 'string' ? value.schemaVersion : String(value.schemaVersion ?? '');
  if (!/^[12](\.|$)/.test(schemaVersion)) throw bad(`unsupported \`schemaVersion\` \`${schemaVersion || '(missing)'}\` (1 or 2 expected)`);
  for (const [path, file] of Object.entries(value.files)) {
    if (!isObject(file) || !Array.isArray(file.mutants)) throw bad(`\`files["${path}"]\` has no \`mutants\` array`);
    file.mutants.forEach((m: unknown, index) => {
      const at = `\`files["${path}"].mutants[${index}]\``;
      if (!isObject(m)) throw bad(`${at} is not an object`);
      if (typeof m.mutatorName !== 'string') throw bad(`${at} has no \`mutatorName\``);
      if (!MUTANT_STATUSES.includes(m.status as MutantStatus))
        throw bad(`${at} has status \`${String(m.status)}\` (one of ${MUTANT_STATUSES.join(', ')} expected)`);
      const loc = m.location;
      if (!isObject(loc) || !isPosition(loc.start) || !isPosition(loc.end))
        throw bad(`${at} has a bad location range (1-based \`start\`/\`end\` with \`line\` and \`column\` expected)`);
      if (loc.end.line < loc.start.line || (loc.end.line === loc.start.line && loc.end.column < loc.start.column))
        throw bad(
          `${at} has a bad location range: it ends (${loc.end.line}:${loc.end.column}) before it starts (${loc.start.line}:${loc.start.column})`,
        );
      if (m.id === undefined) m.id = String(index);
      else m.id = String(m.id);
    });
  }
  const thresholds = isObject(value.thresholds) ? value.thresholds : {};
  return {
    ...value,
    schemaVersion,
    thresholds: {
      high: typeof thresholds.high === 'number' ? thresholds.high : 80,
      low: typeof thresholds.low === 'number' ? thresholds.low : 60,
      ...(typeof thresholds.break === 'number' ? { break: thresholds.break } : {}),
    },
    files: value.files as Record<string, SchemaFile>,
  };
}

export function parseMutationReport(text: string, what: string, input: string): MutationReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const reason = jsonProblem(e);
    throw new ConfigurationError(
      `${what} is not valid JSON (${reason}); point \`${input}\` at the mutation-testing-report-schema JSON your mutation tool writes`,
      input,
    );
  }
  return validateMutationReport(value, what, input);
}
