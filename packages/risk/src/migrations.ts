/**
 * Migration safety: a schema migration is parsed with sql-parser-cst (PostgreSQL, else SQLite) and
 * every statement that makes the revert button useless is found at its line: dropping or renaming
 * a column, table, view or schema, truncating, narrowing a column's type, `SET NOT NULL` without a
 * default and a backfill, and `ADD COLUMN … NOT NULL` without a default. While the previous release
 * still runs (during a canary, after a rollback) its code needs the old shape; such a change
 * belongs to the contract phase of a later release, and each finding says how to split it.
 *
 * The parser is ~6 MB of generated grammar: `loadSqlParser` imports it only when a change has
 * migration files.
 */
export type Dialect = 'postgresql' | 'sqlite';

export type Operation =
  | 'drop-column'
  | 'drop-table'
  | 'drop-view'
  | 'drop-schema'
  | 'truncate'
  | 'rename-column'
  | 'rename-table'
  | 'type-change'
  | 'set-not-null'
  | 'add-not-null-column';

export interface MigrationFinding {
  op: Operation;
  line: number;
  endLine: number;
  table: string;
  column?: string;
  /** What is wrong and how to split it into expand and contract. */
  message: string;
}

export interface MigrationCheck {
  path: string;
  /** The dialect that parsed it; undefined when neither did. */
  dialect?: Dialect;
  statements: number;
  findings: MigrationFinding[];
  /** Set when the file could not be parsed: the parser's reason and where. */
  unparseable?: { message: string; line: number; column: number };
}

type Parse = (sql: string, options: { dialect: Dialect; includeRange: true; filename?: string }) => { statements: Node[] };
// sql-parser-cst's tree, walked by field name; typed loosely on purpose (hundreds of node types).
interface Node {
  type: string;
  range?: [number, number];
  name?: unknown;
  text?: string;
  [key: string]: unknown;
}

let parser: Promise<Parse> | undefined;
/** Loads the SQL parser once (off the start-up path). */
export const loadSqlParser = (): Promise<Parse> => (parser ??= import('sql-parser-cst').then((m) => m.parse as unknown as Parse));

const lineStarts = (text: string): number[] => {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
};

const lineAt = (starts: readonly number[], offset: number): number => {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
};

const node = (value: unknown): Node | undefined =>
  typeof value === 'object' && value !== null && typeof (value as Node).type === 'string' ? (value as Node) : undefined;
const items = (value: unknown): Node[] => {
  const n = node(value);
  if (!n) return Array.isArray(value) ? (value as Node[]) : [];
  if (n.type === 'list_expr') return (n.items as Node[]) ?? [];
  if (n.type === 'paren_expr') return items(n.expr);
  return [n];
};

/** The name of an identifier or `schema.table` (its last part), lower-cased as PostgreSQL folds it. */
function nameOf(value: unknown): string {
  const n = node(value);
  if (!n) return '';
  if (n.type === 'member_expr') return nameOf(n.property);
  if (typeof n.name === 'string') return n.name;
  if (typeof n.text === 'string') return n.text;
  return '';
}

const key = (name: string): string => name.toLowerCase();

/** A column type, normalised from its source text: `character varying(50)` → `varchar(50)`. */
export function normaliseType(text: string): string {
  let t = text
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/\s*\(\s*/g, '(')
    .replace(/\s*,\s*/g, ',')
    .replace(/\s*\)/g, ')')
    .trim();
  t = t.replace(/^pg_catalog\./, '');
  const aliases: [RegExp, string][] = [
    [/^character varying/, 'varchar'],
    [/^character(?=\(|$)/, 'char'],
    [/^(int|integer|int4|serial|serial4)$/, 'int4'],
    [/^(smallint|int2|smallserial|serial2)$/, 'int2'],
    [/^(bigint|int8|bigserial|serial8)$/, 'int8'],
    [/^decimal/, 'numeric'],
    [/^(real|float4)$/, 'float4'],
    [/^(double precision|float8|float)$/, 'float8'],
    [/^timestamp with time zone$/, 'timestamptz'],
    [/^timestamp without time zone$/, 'timestamp'],
    [/^bool$/, 'boolean'],
  ];
  for (const [re, to] of aliases) t = t.replace(re, to);
  return t;
}

const INT_WIDTH: Record<string, number> = { int2: 2, int4: 4, int8: 8 };

/**
 * Whether changing a column from `from` to `to` keeps every value the old code can write (a
 * widening): int2 → int4 → int8 (or numeric), varchar(n) → varchar(m ≥ n), varchar or text,
 * numeric(p,s) → numeric with as many integer and fraction digits, float4 → float8.
 */
export function isWidening(from: string, to: string): boolean {
  const a = normaliseType(from);
  const b = normaliseType(to);
  if (a === b) return true;
  const ai = INT_WIDTH[a];
  const bi = INT_WIDTH[b];
  if (ai !== undefined && bi !== undefined) return bi >= ai;
  if (ai !== undefined && b === 'numeric') return true;
  const varchar = /^(varchar|char)\((\d+)\)$/;
  const av = varchar.exec(a);
  if (av) {
    if (b === 'text' || b === 'varchar') return true;
    const bv = /^varchar\((\d+)\)$/.exec(b);
    return bv !== null && Number(bv[1]) >= Number(av[2]);
  }
  if (a === 'varchar' && b === 'text') return true;
  const num = /^numeric\((\d+)(?:,(\d+))?\)$/;
  const an = num.exec(a);
  if (an) {
    if (b === 'numeric') return true;
    const bn = num.exec(b);
    if (!bn) return false;
    const [p1, s1, p2, s2] = [Number(an[1]), Number(an[2] ?? 0), Number(bn[1]), Number(bn[2] ?? 0)];
    return s2 >= s1 && p2 - s2 >= p1 - s1;
  }
  return a === 'float4' && b === 'float8';
}

/** Columns known from earlier migrations: table → column → { type, hasDefault }. */
export type SchemaModel = Map<string, Map<string, { type: string; hasDefault: boolean }>>;

const q = (name: string): string => `\`${name}\``;

const advice: Record<Operation, (f: { table: string; column?: string; detail?: string }) => string> = {
  'drop-column': ({ table, column }) =>
    `drops column ${q(`${table}.${column}`)}: the running release (and the one a rollback returns to) still reads and writes it. Expand/contract: first release code that no longer uses ${q(column ?? '')}; drop the column in a later release's migration, once no running version needs it.`,
  'drop-table': ({ table }) =>
    `drops table ${q(table)}: the running release (and the one a rollback returns to) still uses it, and its rows are gone for good. Expand/contract: first release code that no longer uses ${q(table)}; drop it in a later release's migration (keep a backup).`,
  'drop-view': ({ table }) =>
    `drops view ${q(table)}, which the running release may still query. Expand/contract: release code that no longer uses it, then drop it in a later release.`,
  'drop-schema': ({ table }) =>
    `drops schema ${q(table)} and everything in it. Expand/contract: release code that no longer uses it, then drop it in a later release (keep a backup).`,
  truncate: ({ table }) =>
    `truncates ${q(table)}: every row is gone and no rollback brings it back. Remove data in a contract release, after the code stops using it, with a backup.`,
  'rename-column': ({ table, column, detail }) =>
    `renames column ${q(`${table}.${column}`)} to ${q(detail ?? '')}: the running release still uses the old name. Expand/contract: add ${q(detail ?? '')}, write both and backfill it from ${q(column ?? '')}, release code that reads ${q(detail ?? '')}; in a later release stop writing ${q(column ?? '')} and drop it.`,
  'rename-table': ({ table, detail }) =>
    `renames table ${q(table)} to ${q(detail ?? '')}: the running release still uses the old name. Expand/contract: create ${q(detail ?? '')} (or keep a view named ${q(table)} over it), write both, release code that uses ${q(detail ?? '')}; drop ${q(table)} in a later release.`,
  'type-change': ({ table, column, detail }) =>
    `changes the type of ${q(`${table}.${column}`)}${detail ? ` (${detail})` : ''}: values the running release writes may no longer fit, and a rollback cannot undo it. Expand/contract: add a column of the new type, write both and backfill, switch reads to it; drop the old column in a later release.`,
  'set-not-null': ({ table, column, detail }) =>
    `sets ${q(`${table}.${column}`)} NOT NULL ${detail ?? ''}: the running release may still write NULL (or omit the column), and existing NULL rows make the migration fail. Expand/contract: give it a DEFAULT and backfill (\`UPDATE ${table} SET ${column} = … WHERE ${column} IS NULL\`), release code that always writes it; SET NOT NULL in a later release.`,
  'add-not-null-column': ({ table, column }) =>
    `adds ${q(`${table}.${column}`)} NOT NULL without a DEFAULT: the running release inserts rows without it, which then fail (and existing rows make the migration fail). Add it with a DEFAULT, or add it nullable now (expand), backfill, and SET NOT NULL in a later release (contract).`,
};

const hasConstraint = (column: Node, type: string): boolean => items(column.constraints).some((c) => c.type === type);

/** Applies a parsed file to the schema model (for the files before the one being checked). */
export function applyToModel(model: SchemaModel, statements: readonly Node[], sql: string): void {
  const table = (name: string): Map<string, { type: string; hasDefault: boolean }> => {
    let t = model.get(key(name));
    if (!t) model.set(key(name), (t = new Map()));
    return t;
  };
  const typeText = (n: unknown): string => {
    const r = node(n)?.range;
    return r ? sql.slice(r[0], r[1]) : '';
  };
  for (const s of statements) {
    if (s.type === 'create_table_stmt') {
      const t = table(nameOf(s.name));
      for (const col of items(s.columns))
        if (col.type === 'column_definition')
          t.set(key(nameOf(col.name)), { type: typeText(col.dataType), hasDefault: hasConstraint(col, 'constraint_default') });
    } else if (s.type === 'alter_table_stmt') {
      const name = nameOf(s.table);
      for (const a of items(s.actions)) {
        const t = table(name);
        if (a.type === 'alter_action_add_column') {
          const col = node(a.column);
          if (col) t.set(key(nameOf(col.name)), { type: typeText(col.dataType), hasDefault: hasConstraint(col, 'constraint_default') });
        } else if (a.type === 'alter_action_drop_column') t.delete(key(nameOf(a.column)));
        else if (a.type === 'alter_action_rename_column') {
          const old = t.get(key(nameOf(a.oldName)));
          t.delete(key(nameOf(a.oldName)));
          if (old) t.set(key(nameOf(a.newName)), old);
        } else if (a.type === 'alter_action_rename') {
          model.set(key(nameOf(a.newName)), t);
          model.delete(key(name));
        } else if (a.type === 'alter_action_alter_column') {
          const col = t.get(key(nameOf(a.column)));
          const action = node(a.action);
          if (col && action?.type === 'alter_action_set_data_type') col.type = typeText(action.dataType);
          if (col && action?.type === 'alter_action_set_default') col.hasDefault = true;
          if (col && action?.type === 'alter_action_drop_default') col.hasDefault = false;
        }
      }
    } else if (s.type === 'drop_table_stmt') for (const t of items(s.tables)) model.delete(key(nameOf(t)));
  }
}

export interface ParsedMigration {
  dialect?: Dialect;
  statements: Node[];
  unparseable?: { message: string; line: number; column: number };
}

/** Parses as PostgreSQL, else as SQLite; when neither parses, the error that got further. */
export async function parseMigration(sql: string, path: string): Promise<ParsedMigration> {
  const parse = await loadSqlParser();
  const errors: { message: string; line: number; column: number }[] = [];
  for (const dialect of ['postgresql', 'sqlite'] as const) {
    try {
      return { dialect, statements: parse(sql, { dialect, includeRange: true, filename: path }).statements };
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      const at = /-->\s.*:(\d+):(\d+)/.exec(text);
      errors.push({ message: text.split('\n')[0] ?? text, line: Number(at?.[1] ?? 1), column: Number(at?.[2] ?? 1) });
    }
  }
  const best = [...errors].sort((a, b) => b.line - a.line || b.column - a.column)[0] as (typeof errors)[number];
  return { statements: [], unparseable: best };
}

/**
 * The destructive statements of one migration. `model` holds what earlier migrations created (to
 * tell a widening from a narrowing, and whether a column has a default); it is not changed.
 */
export function checkStatements(path: string, sql: string, parsed: ParsedMigration, model: SchemaModel): MigrationCheck {
  const starts = lineStarts(sql);
  const findings: MigrationFinding[] = [];
  const statements = parsed.statements.filter((s) => s.type !== 'empty');
  // What this file did before each statement: backfills (UPDATE t SET c) and defaults set.
  const backfilled = new Set<string>();
  const defaults = new Set<string>();
  // Tables this file creates: changing a table nobody used yet breaks nothing.
  const created = new Set<string>();
  const add = (n: Node, op: Operation, table: string, column?: string, detail?: string): void => {
    const [from, to] = n.range ?? [0, 0];
    findings.push({
      op,
      line: lineAt(starts, from),
      endLine: lineAt(starts, Math.max(from, to - 1)),
      table,
      column,
      message: advice[op]({ table, column, detail }),
    });
  };
  const typeText = (n: unknown): string => {
    const r = node(n)?.range;
    return r ? sql.slice(r[0], r[1]) : '';
  };
  for (const s of statements) {
    switch (s.type) {
      case 'create_table_stmt':
        created.add(key(nameOf(s.name)));
        break;
      case 'update_stmt': {
        const tables = items(node((s.clauses as Node[])?.find((c) => c.type === 'update_clause'))?.tables).map(nameOf);
        const set = node((s.clauses as Node[])?.find((c) => c.type === 'set_clause'));
        for (const a of items(set?.assignments)) for (const t of tables) backfilled.add(`${key(t)}.${key(nameOf(a.column))}`);
        break;
      }
      case 'drop_table_stmt':
        for (const t of items(s.tables)) if (!created.has(key(nameOf(t)))) add(s, 'drop-table', nameOf(t));
        break;
      case 'drop_view_stmt':
        for (const v of items(s.views)) add(s, 'drop-view', nameOf(v));
        break;
      case 'drop_schema_stmt':
        for (const v of items(s.schemas)) add(s, 'drop-schema', nameOf(v));
        break;
      case 'truncate_stmt':
        for (const t of items(s.tables)) add(s, 'truncate', nameOf(t));
        break;
      case 'alter_table_stmt': {
        const table = nameOf(s.table);
        const isNew = created.has(key(table));
        for (const a of items(s.actions)) {
          if (a.type === 'alter_action_rename') {
            // SQLite's table rebuild renames the new table into place: the drop before it was the finding.
            if (!isNew) add(a, 'rename-table', table, undefined, nameOf(a.newName));
            continue;
          }
          if (isNew) continue;
          if (a.type === 'alter_action_drop_column') add(a, 'drop-column', table, nameOf(a.column));
          else if (a.type === 'alter_action_rename_column') add(a, 'rename-column', table, nameOf(a.oldName), nameOf(a.newName));
          else if (a.type === 'alter_action_add_column') {
            const col = node(a.column);
            if (col && hasConstraint(col, 'constraint_not_null') && !hasConstraint(col, 'constraint_default'))
              add(a, 'add-not-null-column', table, nameOf(col.name));
          } else if (a.type === 'alter_action_alter_column') {
            const column = nameOf(a.column);
            const action = node(a.action);
            const id = `${key(table)}.${key(column)}`;
            const known = model.get(key(table))?.get(key(column));
            if (action?.type === 'alter_action_set_default') defaults.add(id);
            else if (action?.type === 'alter_action_set_data_type') {
              const to = typeText(action.dataType);
              if (!known)
                add(
                  a,
                  'type-change',
                  table,
                  column,
                  `to ${normaliseType(to)}; its old type is not in the earlier migrations, so it cannot be shown to widen`,
                );
              else if (!isWidening(known.type, to))
                add(a, 'type-change', table, column, `${normaliseType(known.type)} → ${normaliseType(to)} narrows it`);
            } else if (action?.type === 'alter_action_set_not_null') {
              const hasDefault = defaults.has(id) || known?.hasDefault === true;
              const hasBackfill = backfilled.has(id);
              if (!hasDefault || !hasBackfill)
                add(
                  a,
                  'set-not-null',
                  table,
                  column,
                  `(${[hasDefault ? undefined : 'no default', hasBackfill ? undefined : 'no backfill before it'].filter(Boolean).join(', ')})`,
                );
            }
          }
        }
        break;
      }
    }
  }
  return { path, dialect: parsed.dialect, statements: statements.length, findings };
}

/**
 * Checks the changed migration files in path order (the order migration tools apply them), each
 * against the schema the earlier files of `history` (every migration file at HEAD, changed or not)
 * built up.
 */
export async function checkMigrations(
  changed: readonly string[],
  history: readonly string[],
  read: (path: string) => string | undefined,
): Promise<MigrationCheck[]> {
  if (changed.length === 0) return [];
  const order = [...new Set([...history, ...changed])].sort();
  const wanted = new Set(changed);
  const model: SchemaModel = new Map();
  const last = Math.max(...changed.map((p) => order.indexOf(p)));
  const checks: MigrationCheck[] = [];
  for (const path of order.slice(0, last + 1)) {
    const sql = read(path);
    if (sql === undefined) continue;
    const parsed = await parseMigration(sql, path);
    if (wanted.has(path)) {
      if (parsed.unparseable) checks.push({ path, statements: 0, findings: [], unparseable: parsed.unparseable });
      else checks.push(checkStatements(path, sql, parsed, model));
    }
    applyToModel(model, parsed.statements, sql);
  }
  return checks;
}
