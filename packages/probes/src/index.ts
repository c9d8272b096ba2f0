/**
 * The probe engine, shared by smoke (run once), slo-watch `source: probes` (run at a rate and
 * counted per interval) and rollback's verification. Three calls:
 *
 * - `readProbes(text, { base, cwd })`: the `probes` input (inline YAML, or a .yml/.yaml/.json file
 *   that must resolve inside the workspace or RUNNER_TEMP) parsed into validated `Probe`s; no text
 *   gives one GET of `base` expecting 2xx. Mistakes are ConfigurationErrors naming the input, thrown
 *   before anything is sent. `probeSecrets(probes)` lists the values to mask.
 * - `runOnce(probes, settings)`: waits for the service, sends every probe (concurrently, with
 *   retries on no answer, 5xx and 429), checks each answer: `{ passed, probes: [...reasons] }`.
 * - `probeAtRate(probes, { rate, ... })`: sends the probes round-robin at a steady rate (no retries:
 *   each request is one observation), checks each answer, and counts requests, failures and a
 *   latency histogram until `take()`; `parseRate('5/s')` reads a rate input.
 */
export {
  readProbes,
  probeSecrets,
  parseProbes,
  loadProbeDocument,
  joinUrl,
  type Probe,
  type StatusExpectation,
  type HeaderExpectation,
  type ReadProbesOptions,
} from './parse';
export { checkResponse, statusMatches } from './check';
export { runOnce, runProbe, waitForAnswer, splitCredentials, type OnceSettings, type OnceResult, type ProbeResult } from './once';
