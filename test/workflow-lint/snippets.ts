/**
 * The ```yaml blocks of a Markdown file, as workflows a linter can read: a block with `jobs:` is a
 * workflow as written; a block that is a list of steps (an indented `- uses:` / `- run:` fragment)
 * is wrapped into a one-job workflow, line for line, so a finding's line maps back to the README.
 * Anything else (a rules file, a probes file) is `other`.
 */
import { parse } from 'yaml';

export type SnippetKind = 'workflow' | 'steps' | 'other';

export interface Snippet {
  file: string;
  /** Line of the block's first YAML line in the Markdown file (1-based). */
  line: number;
  kind: SnippetKind;
  /** The block as written. */
  code: string;
  /** A whole workflow: the block itself, or a steps fragment inside a wrapper job. */
  workflow?: string;
  /** Lines the wrapper adds before the block (0 for a whole workflow). */
  offset: number;
}

/** The wrapper of a steps fragment; the fragment follows at six spaces (`jobs.<id>.steps`). */
const STEPS_WRAPPER = [
  'on: workflow_dispatch',
  'permissions:',
  '  contents: read',
  'jobs:',
  '  snippet:',
  '    runs-on: ubuntu-latest',
  '    timeout-minutes: 15',
  '    steps:',
];

function dedent(lines: string[]): string[] {
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  const cut = Math.min(...indents);
  return lines.map((l) => l.slice(Math.min(cut, /^ */.exec(l)![0].length)));
}

function classify(code: string): SnippetKind {
  let value: unknown;
  try {
    value = parse(dedent(code.split('\n')).join('\n'));
  } catch {
    return 'other';
  }
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObject(value)) return 'jobs' in value ? 'workflow' : 'other';
  if (Array.isArray(value) && value.length > 0 && value.every((s) => isObject(s) && ('uses' in s || 'run' in s))) return 'steps';
  return 'other';
}

export function yamlSnippets(markdown: string, file: string): Snippet[] {
  const lines = markdown.split('\n');
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(ya?ml)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end]!)) end++;
    const body = lines.slice(start, end);
    const code = body.join('\n');
    const kind = classify(code);
    const snippet: Snippet = { file, line: start + 1, kind, code, offset: 0 };
    if (kind === 'workflow') snippet.workflow = `${dedent(body).join('\n')}\n`;
    if (kind === 'steps') {
      snippet.offset = STEPS_WRAPPER.length;
      snippet.workflow = `${[...STEPS_WRAPPER, ...dedent(body).map((l) => (l === '' ? l : `      ${l}`))].join('\n')}\n`;
    }
    snippets.push(snippet);
    i = end;
  }
  return snippets;
}
