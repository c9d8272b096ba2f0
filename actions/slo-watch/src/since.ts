import { ConfigurationError, parseDuration } from '@shipkit/kit';

/**
 * The `since` input: an ISO 8601 time (`2026-01-31T12:00:00Z`) or how long ago (`10m`: the watch
 * also counts the ten minutes before it started); empty: the start of the step.
 */
export function parseSince(text: string | undefined, now: Date): Date {
  const t = (text ?? '').trim();
  if (t === '') return now;
  const ago = /[a-z]$/i.test(t) ? parseDuration(t) : undefined;
  if (ago !== undefined) return new Date(now.getTime() - ago);
  const at = /^\d{4}-\d{2}-\d{2}T/.test(t) ? Date.parse(t) : Number.NaN;
  if (!Number.isFinite(at))
    throw new ConfigurationError(
      `\`since\` must be an ISO 8601 time such as \`2026-01-31T12:00:00Z\` or a duration ago such as \`10m\`, got \`${t}\``,
      'since',
    );
  if (at > now.getTime() + 60_000) throw new ConfigurationError(`\`since\` is in the future (${t})`, 'since');
  if (at < now.getTime() - 7 * 24 * 3_600_000) throw new ConfigurationError(`\`since\` is more than 7 days ago (${t})`, 'since');
  return new Date(at);
}
