// Renders the markdown of a job summary as readable terminal text: headings, aligned tables,
// details blocks, code fences and inline markup. Enough for what shipkit actions write.

const stripInline = (text: string): string =>
  text
    .replace(/<br\s*\/?>/g, ' / ')
    .replace(/<\/?(details|summary|sub|sup|b|i|code)>/g, '')
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/(^|\W)_(.+?)_(?=\W|$)/g, '$1$2')
    .replace(/``\s?(.+?)\s?``/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
    .replace(/\\\|/g, '|')
    .replace(/<!--.*?-->/g, '');

const width = (s: string): number => [...s].length;

function renderTable(rows: string[]): string {
  const cells = rows
    .filter((r, i) => !(i === 1 && /^\|?\s*:?-+/.test(r)))
    .map((r) =>
      r
        .trim()
        .replace(/^\||\|$/g, '')
        .split(/(?<!\\)\|/)
        .map((c) => stripInline(c.trim())),
    );
  const cols = Math.max(...cells.map((r) => r.length));
  const widths = Array.from({ length: cols }, (_, i) => Math.min(60, Math.max(...cells.map((r) => width(r[i] ?? '')))));
  const line = (r: string[]): string =>
    r
      .map((c, i) => {
        const text = width(c) > 60 ? [...c].slice(0, 59).join('') + '…' : c;
        return text + ' '.repeat(Math.max(0, (widths[i] ?? 0) - width(text)));
      })
      .join('  ')
      .trimEnd();
  const [head = [], ...body] = cells;
  return [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export interface MarkdownStyle {
  bold?: (text: string) => string;
  dim?: (text: string) => string;
}

export function renderMarkdown(markdown: string, { bold = (t) => t, dim = (t) => t }: MarkdownStyle = {}): string {
  const out: string[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^\s*\|/.test(line)) {
      const table: string[] = [];
      while (i < lines.length && /^\s*\|/.test(lines[i] ?? '')) table.push(lines[i++] ?? '');
      i--;
      out.push(renderTable(table));
      continue;
    }
    const fence = /^(`{3,})/.exec(line);
    if (fence) {
      const marker = fence[1] ?? '```';
      while (++i < lines.length && !(lines[i] ?? '').startsWith(marker)) out.push(dim(`    ${lines[i]}`));
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      out.push(bold(stripInline(heading[2] ?? '')));
      continue;
    }
    const summary = /<summary>(.*?)<\/summary>/.exec(line);
    if (summary) {
      out.push(bold(stripInline(summary[1] ?? '')));
      continue;
    }
    if (/^\s*<\/?details>\s*$/.test(line)) continue;
    out.push(stripInline(line.replace(/^(\s*)[-*] /, '$1• ')));
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
