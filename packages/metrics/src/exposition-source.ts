/**
 * A source that reads Prometheus text expositions directly — the local traffic proxy's admin
 * `/metrics` (per-arm requests, 5xx, latency buckets), or an app's own `/metrics` — so a canary
 * on one machine needs no Prometheus server. Each query is a metric selector
 * (`shipkit_proxy_requests_total{code=~"5..",{{selector}}}`), evaluated on the scraped samples;
 * counters are differenced per series between reads (counters.ts), the first read counting from
 * the values at `start()`. With several URLs every sample gets the target's `instance` label
 * (`host:port`), as Prometheus labels its targets, so arms can be told apart by endpoint.
 *
 * An exposition has no history: `readWindow` (the `before` baseline) cannot be answered.
 * A URL that answers with something that is not an exposition, or a query that is not a selector,
 * is the user's mistake when the watch starts (a ConfigurationError); later a failed or malformed
 * read is `unavailable`, and the next read covers its interval.
 */
import { ConfigurationError } from '@shipkit/kit';
import { getWithRetries } from './fetch';
import { countsPerArm, partCounts, partKey, snapshot, type PartCounts, type Sample } from './counters';
import { parseExposition, ExpositionParseError } from './exposition';
import { parseSelector, SelectorError, type VectorSelector } from './selector';
import {
  withSelector,
  type ArmSelectors,
  type MetricQueries,
  type MetricsSource,
  type RetryPolicy,
  type SourceRead,
  type WindowRead,
} from './types';

export interface ExpositionOptions {
  /** One or more exposition endpoints (`http://127.0.0.1:9464/metrics`). */
  urls: readonly string[];
  queries: readonly MetricQueries[];
  selectors: ArmSelectors;
  retry?: RetryPolicy;
  timeoutMs?: number;
  /** Input names for configuration errors. */
  inputs?: { url?: string; metrics?: string };
}

type Arm = 'candidate' | 'baseline';
type Part = 'total' | 'bad' | 'histogram';

interface Job {
  metric: string;
  arm: Arm;
  part: Part;
  query: string;
  selector: VectorSelector;
}

/** Reads every second or so on one machine: one quick retry, not a backend's patient backoff. */
export const EXPOSITION_RETRY: RetryPolicy = { retries: 1, baseDelayMs: 100, maxDelayMs: 500 };

const safeUrl = (url: string): string => {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return 'the exposition URL';
  }
};

export class ExpositionSource implements MetricsSource {
  readonly kind = 'exposition';
  private readonly jobs: Job[] = [];
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private counters: Map<string, Map<string, number>> | undefined;
  private last = new Date();

  constructor(private readonly options: ExpositionOptions) {
    this.retry = options.retry ?? EXPOSITION_RETRY;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    const metricsInput = options.inputs?.metrics ?? 'metrics';
    if (options.urls.length === 0) throw new ConfigurationError('no exposition URL to read', options.inputs?.url ?? 'exposition-url');
    const arms: [Arm, string | undefined][] = [
      ['candidate', options.selectors.candidate],
      ['baseline', options.selectors.baseline],
    ];
    for (const q of options.queries)
      for (const [arm, armSelector] of arms) {
        if (armSelector === undefined) continue;
        for (const part of ['total', 'bad', 'histogram'] as const) {
          const template = q[part];
          if (!template) continue;
          const query = withSelector(template, armSelector);
          let selector: VectorSelector;
          try {
            selector = parseSelector(query);
          } catch (e) {
            if (!(e instanceof SelectorError)) throw e;
            throw new ConfigurationError(`metric \`${q.name}\`: ${e.message}; fix it in \`${metricsInput}\``, metricsInput);
          }
          this.jobs.push({ metric: q.name, arm, part, query, selector });
        }
      }
  }

  private key = (j: Pick<Job, 'metric' | 'arm' | 'part'>): string => partKey(j.metric, j.arm, j.part);

  /** Every sample of every URL, or why there is none. `strict`: a non-exposition answer is a ConfigurationError. */
  private async scrape(strict: boolean): Promise<{ ok: true; samples: (Sample & { name: string })[] } | { ok: false; reason: string }> {
    const many = this.options.urls.length > 1;
    const urlInput = this.options.inputs?.url ?? 'exposition-url';
    const results = await Promise.all(
      this.options.urls.map(async (url) => {
        const fetched = await getWithRetries(url, {
          headers: { accept: 'text/plain;version=0.0.4;q=1, */*;q=0.1' },
          timeoutMs: this.timeoutMs,
          retry: this.retry,
        });
        const r = fetched.response;
        if (!r || r.status !== 200) {
          const why = r ? `HTTP ${r.status}` : (fetched.failure ?? 'no answer');
          if (strict && r && r.status >= 400 && r.status < 500 && r.status !== 429)
            throw new ConfigurationError(
              `${safeUrl(url)} answered ${why}; \`${urlInput}\` must be a metrics endpoint such as http://127.0.0.1:9464/metrics`,
              urlInput,
            );
          return { ok: false as const, reason: `${safeUrl(url)} did not answer after ${fetched.attempts} attempts: ${why}` };
        }
        try {
          const parsed = parseExposition(r.body);
          if (!many) return { ok: true as const, samples: parsed };
          const instance = new URL(url).host;
          return {
            ok: true as const,
            samples: parsed.map((s) => {
              const labels = { ...s.labels };
              // A target's own `instance` label is kept as `exported_instance`, as Prometheus does.
              if (labels.instance !== undefined) labels.exported_instance = labels.instance;
              labels.instance = instance;
              return { ...s, labels };
            }),
          };
        } catch (e) {
          if (!(e instanceof ExpositionParseError)) throw e;
          if (strict)
            throw new ConfigurationError(
              `${safeUrl(url)} did not answer with a Prometheus text exposition (${e.message}); \`${urlInput}\` must be a metrics endpoint`,
              urlInput,
            );
          return { ok: false as const, reason: `${safeUrl(url)} answered a malformed exposition (${e.message})` };
        }
      }),
    );
    const failed = results.find((r) => !r.ok);
    if (failed && !failed.ok) return failed;
    return { ok: true, samples: results.flatMap((r) => (r.ok ? r.samples : [])) };
  }

  private select(job: Job, samples: readonly (Sample & { name: string })[]): Sample[] {
    return samples
      .filter((s) => job.selector.matches(s.name, s.labels))
      .map((s) => ({ labels: { __name__: s.name, ...s.labels }, value: s.value }));
  }

  /** Takes the counters' values now: counts are from here on. */
  async start(): Promise<{ ok: true } | { ok: false; reason: string }> {
    if (this.counters) return { ok: true };
    const scraped = await this.scrape(true);
    if (!scraped.ok) return scraped;
    const counters = new Map<string, Map<string, number>>();
    for (const j of this.jobs) counters.set(this.key(j), snapshot(this.select(j, scraped.samples)));
    this.counters = counters;
    this.last = new Date();
    return { ok: true };
  }

  async read(to: Date): Promise<SourceRead> {
    const started = await this.start();
    if (!started.ok) return { status: 'unavailable', reason: started.reason };
    const scraped = await this.scrape(false);
    if (!scraped.ok) return { status: 'unavailable', reason: scraped.reason };
    const counters = this.counters as Map<string, Map<string, number>>;
    const notes: string[] = [];
    const parts = new Map<string, PartCounts>();
    for (const job of this.jobs)
      parts.set(
        this.key(job),
        partCounts(job, counters.get(this.key(job)) as Map<string, number>, this.select(job, scraped.samples), notes),
      );
    const metrics = countsPerArm(this.options.queries, this.options.selectors.baseline !== undefined, parts, notes);
    const from = this.last;
    this.last = to;
    return { status: 'ok', from, to, metrics, notes };
  }

  async readWindow(): Promise<WindowRead> {
    return {
      status: 'unavailable',
      reason: 'an exposition endpoint holds only the counters now, no history: compare with `baseline: concurrent` or the SLO (`none`)',
    };
  }
}
