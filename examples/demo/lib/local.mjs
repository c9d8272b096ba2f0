// Shared by the demo stages that run releases with the local provider: what they leave running in
// a workspace's `.shipkit` (the traffic proxy, each release's process group) is stopped at the end.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const kill = (pid, signal = 'SIGTERM') => {
  try {
    process.kill(-pid, signal);
  } catch {
    // gone already
  }
};

/** The app's traffic record (`url`: its stable URL), once its proxy was launched. */
export const trafficOf = (stateDir, name) => {
  const file = join(stateDir, 'local-traffic', name, 'traffic.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
};

/** Stops the app's proxy and every release the local provider started in `stateDir`. */
export function stopLocal(stateDir, name) {
  const traffic = trafficOf(stateDir, name);
  if (traffic) kill(traffic.proxy.pid);
  const deployments = join(stateDir, 'local-deployments');
  if (existsSync(deployments))
    for (const f of readdirSync(deployments).filter((x) => x.endsWith('.json')))
      kill(JSON.parse(readFileSync(join(deployments, f), 'utf8')).pid);
}
