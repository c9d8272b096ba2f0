// How `shipkit pipeline` shows where it is: on a terminal one live line (stage, step, weight,
// elapsed, the latest output) redrawn in place above the finished stages; otherwise plain lines,
// one per change, for logs and CI. Ends with the table of stages, verdicts and times.
import { formatDuration } from '@shipkit/kit/duration';
import type { Style } from '../cli.ts';

export type Verdict = 'pass' | 'fail' | 'skip' | 'inconclusive' | 'declined' | 'interrupted';

export interface StageResult {
  stage: string;
  verdict: Verdict;
  ms: number;
  detail: string;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** `m:ss` since the start. */
export const clock = (ms: number): string => {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

export const mark = (v: Verdict, s: Style): string =>
  v === 'pass'
    ? '✔'
    : v === 'fail'
      ? s.red('✖')
      : v === 'interrupted' || v === 'declined'
        ? s.yellow('■')
        : v === 'inconclusive'
          ? s.yellow('?')
          : s.dim('–');

export interface ProgressOptions {
  write: (text: string) => void;
  tty: boolean;
  style: Style;
  columns?: () => number;
  now?: () => number;
}

export class Progress {
  private readonly o: ProgressOptions;
  private readonly started: number;
  private current: { stage: string; step: string; weight?: number; since: number; last: string } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private frame = 0;
  private drawn = false;

  constructor(o: ProgressOptions) {
    this.o = o;
    this.started = this.now();
  }

  private now(): number {
    return this.o.now ? this.o.now() : performance.now();
  }

  elapsedMs(): number {
    return this.now() - this.started;
  }

  private stamp(): string {
    return this.o.style.dim(`[${clock(this.elapsedMs()).padStart(5)}]`);
  }

  /** A line that stays (the live line is redrawn under it). */
  note(text: string): void {
    this.clear();
    this.o.write(`${this.o.tty ? '' : `${this.stamp()} `}${text}\n`);
    this.draw();
  }

  begin(stage: string, step: string): void {
    this.current = { stage, step, since: this.now(), last: '' };
    if (this.o.tty) {
      this.timer ??= setInterval(() => this.draw(), 120);
      this.timer.unref?.();
      this.draw();
    } else this.o.write(`${this.stamp()} ${stage.padEnd(10)} ${step}\n`);
  }

  /** The stage moved on: a new step, a traffic weight. */
  step(step: string, weight?: number): void {
    const c = this.current;
    if (!c || (c.step === step && c.weight === weight)) return;
    c.step = step;
    c.weight = weight;
    if (this.o.tty) this.draw();
    else this.o.write(`${this.stamp()} ${c.stage.padEnd(10)} ${step}${weight !== undefined ? ` · ${weight} %` : ''}\n`);
  }

  /** A line of the running step's output: shown on the live line only (the stage's log keeps all of it). */
  output(line: string): void {
    if (!this.current) return;
    // eslint-disable-next-line no-control-regex -- colours and cursor moves of the tools' own output
    this.current.last = line.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').trim() || this.current.last;
  }

  end(result: StageResult): void {
    this.current = undefined;
    this.clear();
    const s = this.o.style;
    const time = s.dim(formatDuration(result.ms).padStart(9));
    this.o.write(
      `${this.o.tty ? '' : `${this.stamp()} `}${mark(result.verdict, s)} ${s.bold(result.stage.padEnd(10))} ${result.verdict.padEnd(12)} ${time}  ${result.detail}\n`,
    );
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clear();
  }

  private clear(): void {
    if (this.o.tty && this.drawn) this.o.write('\r\u001b[2K');
    this.drawn = false;
  }

  private draw(): void {
    const c = this.current;
    if (!this.o.tty || !c) return;
    const s = this.o.style;
    const head = `${SPINNER[this.frame++ % SPINNER.length]} ${c.stage} · ${c.step}${c.weight !== undefined ? ` · ${c.weight} %` : ''} · ${clock(this.now() - c.since)} (${clock(this.elapsedMs())})`;
    const width = Math.max(20, (this.o.columns?.() ?? 100) - 1);
    const tail = c.last ? `  ${c.last}` : '';
    const text = (head + tail).length > width ? (head + tail).slice(0, width - 1) + '…' : head + tail;
    this.o.write(`\r\u001b[2K${s.bold(text.slice(0, head.length))}${s.dim(text.slice(head.length))}`);
    this.drawn = true;
  }
}

/** The final table: every stage with its verdict, time and what it found. */
export function stageTable(results: readonly StageResult[], s: Style): string {
  const rows = results.map((r) => [r.stage, r.verdict, formatDuration(r.ms), r.detail]);
  const head = ['stage', 'verdict', 'time', 'detail'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === 3 ? c : i === 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [
    s.bold(line(head)),
    ...results.map((r, k) => `${line(rows[k] ?? [])}`.replace(/^(\S+)/, (m) => (r.verdict === 'fail' ? s.red(m) : m))),
  ].join('\n');
}
