/**
 * The one sticky PR comment for all of shipkit's previews: a row per name (URL, commit, state,
 * time). The rows are the comment's hidden state line (the kit's sticky comments), so every run
 * re-renders the whole table from them.
 */
import { cell } from '@shipkit/kit';

export const COMMENT_MARKER = 'shipkit:preview-deploy';

export interface PreviewRow {
  name: string;
  state: 'deploying' | 'ready' | 'failed' | 'removed';
  url?: string;
  aliasUrl?: string;
  sha?: string;
  at: string;
  reason?: string;
  runUrl?: string;
  provider: string;
}

/** The rows kept in an earlier comment's state (ours: the kit checked its author). */
export function readRows(state: unknown): PreviewRow[] {
  const rows = (state as { rows?: unknown } | undefined)?.rows;
  return Array.isArray(rows) ? rows.filter((r): r is PreviewRow => typeof (r as PreviewRow | null)?.name === 'string') : [];
}

export function upsertRow(rows: PreviewRow[], row: PreviewRow): PreviewRow[] {
  const others = rows.filter((r) => r.name !== row.name);
  return [...others, row].sort((a, b) => a.name.localeCompare(b.name));
}

const ICON: Record<PreviewRow['state'], string> = {
  deploying: '⏳ deploying',
  ready: '✅ ready',
  failed: '❌ failed',
  removed: '🗑️ removed',
};

/** Table-cell text that cannot carry markup or a hidden marker. */
const text = (value: string): string => cell(value).replace(/</g, '&lt;').replace(/>/g, '&gt;');

const link = (url: string | undefined): string =>
  url && /^https?:\/\/[^\s<>()]+$/.test(url) ? `[${url.replace(/^https?:\/\//, '')}](${url})` : '';

/** The comment's markdown (the kit adds the marker and the state line); every cell is escaped (a name or reason is text, never markup). */
export function renderComment(rows: PreviewRow[]): string {
  const lines = ['### shipkit previews', '', '| name | preview | commit | state | updated |', '|---|---|---|---|---|'];
  for (const r of rows) {
    const url = r.state === 'removed' ? '' : [link(r.url), r.aliasUrl ? `alias ${link(r.aliasUrl)}` : ''].filter(Boolean).join('<br>');
    let state = ICON[r.state];
    if (r.reason) state += `: ${text(r.reason.split('\n')[0]?.slice(0, 200) ?? '')}`;
    if (r.runUrl && (r.state === 'failed' || r.state === 'deploying')) state += ` ([run](${r.runUrl}))`;
    lines.push(
      `| ${text(r.name)} | ${url} | ${r.sha ? `\`${r.sha.slice(0, 7)}\`` : ''} | ${state} | ${r.at.replace('T', ' ').slice(0, 16)} UTC |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
