/**
 * Job summary (markdown) for `GITHUB_STEP_SUMMARY`. Built in memory, redacted, and capped under
 * GitHub's 1 MiB per-step limit. Without GITHUB_STEP_SUMMARY (a plain terminal) it prints the
 * markdown; the CLI renders it as terminal text.
 */
import { appendFileSync } from 'node:fs';
import { redactor } from './redact';

/** GitHub rejects a step summary over 1024 KiB; keep a margin for the truncation note. */
export const SUMMARY_LIMIT_BYTES = 1000 * 1024;

export type Cell = string | number | boolean | undefined | null;

/** Escapes text for a markdown table cell. */
export const cell = (value: Cell): string =>
  value === undefined || value === null || value === ''
    ? ' '
    : String(value)
        .replace(/\\/g, '\\\\')
        .replace(/\|/g, '\\|')
        .replace(/\r\n|\r|\n/g, '<br>');

/** Inline code that survives backticks inside. */
export const code = (text: string): string => (text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``);

export class Summary {
  private readonly parts: string[] = [];

  heading(text: string, level = 2): this {
    this.parts.push(`${'#'.repeat(level)} ${text}\n`);
    return this;
  }

  paragraph(text: string): this {
    this.parts.push(`${text}\n`);
    return this;
  }

  list(items: readonly string[]): this {
    if (items.length > 0) this.parts.push(items.map((i) => `- ${i}`).join('\n') + '\n');
    return this;
  }

  /** A table; rows beyond `maxRows` are cut with a line that counts them. */
  table(header: readonly string[], rows: readonly (readonly Cell[])[], { maxRows = 500 }: { maxRows?: number } = {}): this {
    const lines = [`| ${header.map(cell).join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
    for (const row of rows.slice(0, maxRows)) lines.push(`| ${row.map(cell).join(' | ')} |`);
    this.parts.push(lines.join('\n') + '\n');
    if (rows.length > maxRows) this.parts.push(`_…and ${rows.length - maxRows} more rows (see the JSON report)._\n`);
    return this;
  }

  details(summaryText: string, body: string): this {
    this.parts.push(`<details><summary>${summaryText}</summary>\n\n${body}\n\n</details>\n`);
    return this;
  }

  codeBlock(text: string, lang = ''): this {
    const fence = text.includes('```') ? '````' : '```';
    this.parts.push(`${fence}${lang}\n${text}\n${fence}\n`);
    return this;
  }

  toString(): string {
    return this.parts.join('\n');
  }

  /** Redacts, caps and appends to GITHUB_STEP_SUMMARY; returns what was written. */
  write(env: NodeJS.ProcessEnv = process.env): string {
    let text = redactor.redact(this.toString());
    if (Buffer.byteLength(text) > SUMMARY_LIMIT_BYTES) {
      const cut = Buffer.from(text)
        .subarray(0, SUMMARY_LIMIT_BYTES)
        .toString('utf8')
        .replace(/\uFFFD$/, '');
      text = `${cut.slice(0, cut.lastIndexOf('\n'))}\n\n_Summary truncated at GitHub's size limit; the JSON report has everything._\n`;
    }
    const file = env.GITHUB_STEP_SUMMARY;
    if (file) appendFileSync(file, text + '\n', 'utf8');
    else process.stdout.write(text + '\n');
    return text;
  }
}
