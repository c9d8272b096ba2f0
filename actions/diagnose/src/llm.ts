/**
 * The optional explanation from an OpenAI-compatible API. It only explains: it gets the reduced,
 * redacted evidence (the failing lines and their context, never whole logs), within a time limit;
 * its answer goes into the summary and never changes the category; its failure never fails the run.
 */
import { redactor, errorMessage } from '@shipkit/kit';
import { httpRequest } from '@shipkit/kit/http';
import type { Diagnosis } from './diagnosis';

/** What the model sees, capped so a huge failure cannot turn into a huge prompt. */
export const PROMPT_LIMIT = 12_000;

export function buildPrompt(d: Diagnosis): string {
  const parts: string[] = [
    `Category (decided by rules, do not change it): ${d.category}, tier ${d.tier}.`,
    `Deterministic summary: ${d.summary}`,
  ];
  for (const t of d.failedTests.slice(0, 8))
    parts.push(`Failing test ${t.id}${t.file ? ` (${t.file}${t.line ? `:${t.line}` : ''})` : ''}: ${t.message}\n${t.stack ?? ''}`);
  for (const t of d.flakyTests.slice(0, 5)) parts.push(`Flaky test ${t.id}: ${t.message}`);
  for (const e of d.evidence.filter((x) => x.rule !== 'junit').slice(0, 15))
    parts.push(`[${e.category}/${e.tool}] ${e.source}${e.logLine ? ` line ${e.logLine}` : ''}:\n${e.context.join('\n')}`);
  let text = parts.join('\n\n');
  if (text.length > PROMPT_LIMIT) text = `${text.slice(0, PROMPT_LIMIT)}\n…(cut)`;
  return redactor.redact(text);
}

export interface LlmResult {
  ok: boolean;
  text?: string;
  error?: string;
}

export async function explain(
  d: Diagnosis,
  options: { url: string; model: string; apiKey?: string; timeoutMs: number },
): Promise<LlmResult> {
  const endpoint = `${options.url.replace(/\/+$/, '')}/chat/completions`;
  const body = {
    model: options.model,
    temperature: 0,
    max_tokens: 400,
    messages: [
      {
        role: 'system',
        content:
          'You explain CI failures to developers. Given the evidence of a failed job, say in at most four sentences what most likely went wrong and what to change. The category is decided already; do not argue about it. Never repeat secrets.',
      },
      { role: 'user', content: buildPrompt(d) },
    ],
  };
  try {
    const res = await httpRequest({
      url: endpoint,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
      // The prompt was redacted when it was built; the rest of the body is fixed text and the model name.
      body: JSON.stringify(body),
      timeoutMs: options.timeoutMs,
      maxBodyBytes: 1024 * 1024,
      // The evidence goes to the endpoint the user named, never on to wherever it redirects.
      followRedirects: 'same-origin',
    });
    if (res.unfollowedRedirect)
      return {
        ok: false,
        error: `HTTP ${res.status} from ${new URL(endpoint).host}: it redirects to ${new URL(res.unfollowedRedirect.location).host}, and the evidence is not sent to another host (set \`llm-url\` to the final endpoint)`,
      };
    if (res.status < 200 || res.status >= 300) return { ok: false, error: `HTTP ${res.status} from ${new URL(endpoint).host}` };
    const parsed = JSON.parse(res.body) as { choices?: { message?: { content?: string } }[] };
    const content = parsed.choices?.[0]?.message?.content?.trim();
    if (!content) return { ok: false, error: 'the answer had no choices[0].message.content' };
    return { ok: true, text: redactor.redact(content.length > 2000 ? `${content.slice(0, 2000)}…` : content) };
  } catch (e) {
    return { ok: false, error: errorMessage(e) };
  }
}
