/**
 * The one sticky PR comment for all of shipkit's previews: a row per name (URL, commit, state,
 * time), kept as a hidden state line so every run re-renders the whole table from the rows.
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

const STATE_LINE = new RegExp(`<!-- ${COMMENT_MARKER}:state (\\{.*\\}) -->`);

/** The rows of an earlier comment body (ours: the caller checked its author). */
export function readRows(body: string | undefined): PreviewRow[] {
  const m = body ? STATE_LINE.exec(body) : null;
  if (!m) return [];
  try {
    const state = JSON.parse(m[1] as string) as { rows?: PreviewRow[] };
    return Array.isArray(state.rows) ? state.rows.filter((r) => typeof r?.name === 'string') : [];
  } catch {
    return [];
  }
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

/** The comment's markdown; every cell is escaped (a name or reason is text, never markup). */
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
  const state = JSON.stringify({ rows }).replace(/</g, '\\u003c').replace(/>/g, '\\u003e');
  return `<!-- ${COMMENT_MARKER} -->\n${lines.join('\n')}\n<!-- ${COMMENT_MARKER}:state ${state} -->\n`;
}
