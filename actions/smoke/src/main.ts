import { runAction, readInputs, ConfigurationError, setSecret, writeReport, SHIPKIT_VERSION } from '@shipkit/kit';
import { invalidHeader } from '@shipkit/kit/http';
import { inputs, outputs } from './inputs';
import { probeSecrets, readProbes, runOnce } from '@shipkit/probes';
import { renderSmoke } from './render';

await runAction(async () => {
  const startedAt = new Date();
  const i = await readInputs(inputs);
  const headers: Record<string, string> = {};
  if (i.headers !== undefined && i.headers !== null) {
    if (typeof i.headers !== 'object' || Array.isArray(i.headers))
      throw new ConfigurationError('`headers` must be a YAML map such as `X-Env: preview`', 'headers');
    for (const [name, value] of Object.entries(i.headers as Record<string, unknown>)) {
      if (typeof value === 'object' && value !== null)
        throw new ConfigurationError(`header \`${name}\` must have a string value`, 'headers');
      setSecret(String(value));
      const problem = invalidHeader(name, String(value));
      if (problem) throw new ConfigurationError(`\`headers\`: ${problem}; write each header on one line as \`Name: value\``, 'headers');
      headers[name.toLowerCase()] = String(value);
    }
  }
  if (i.bearerToken) {
    if (invalidHeader('authorization', `Bearer ${i.bearerToken}`))
      throw new ConfigurationError(
        '`bearer-token` contains a line break or another control character, which would end the Authorization header; pass the token alone, on one line',
        'bearer-token',
      );
    headers.authorization = `Bearer ${i.bearerToken}`;
  }
  const probes = await readProbes(i.probes, { base: i.url, cwd: process.env.GITHUB_WORKSPACE ?? process.cwd() });
  for (const secret of probeSecrets(probes)) setSecret(secret);
  const result = await runOnce(probes, {
    waitTimeoutMs: i.waitTimeout,
    retries: i.retries,
    retryDelayMs: i.retryDelay,
    timeoutMs: i.timeout,
    concurrency: i.concurrency,
    followRedirects: i.followRedirects,
    headers,
  });
  const report = writeReport({
    action: 'smoke',
    version: SHIPKIT_VERSION,
    verdict: result.passed ? 'pass' : 'fail',
    startedAt,
    data: result,
  });
  renderSmoke(result);
  outputs.write({
    passed: result.passed,
    total: result.total,
    failed: result.failed,
    'p50-ms': result.p50Ms,
    'p95-ms': result.p95Ms,
    'max-ms': result.maxMs,
    report: report.path,
  });
  return result.passed ? 0 : 1;
});
