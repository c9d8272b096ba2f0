/**
 * Which arm takes a request. The routing is one immutable object, replaced whole on every weight
 * or backend change, and read once per request: a request sees the old split or the new one,
 * never half of each.
 */
import type { Backend } from './backend';
import type { Arm, ArmSeries } from './metrics';

export interface Slot {
  arm: Arm;
  backend: Backend;
  series: ArmSeries;
}

export interface Routing {
  stable: Slot;
  candidate: Slot | null;
  /** The candidate's share in tenths of a percent (0–1000). */
  candidateTenths: number;
}

/**
 * Where a failed or ejected arm's requests go: the stable arm always takes the candidate's;
 * the candidate takes the stable arm's only while it has a weight above 0 (at 0 it was aborted,
 * and a known-bad release gets no traffic).
 */
export function fallbackFor(routing: Routing, from: Slot): Slot | undefined {
  if (from.arm === 'candidate') return routing.stable.backend === from.backend ? undefined : routing.stable;
  return routing.candidate && routing.candidateTenths > 0 && routing.candidate.backend !== from.backend ? routing.candidate : undefined;
}

/**
 * `pinned`: the arm by sticky cookie (while that version still has a weight above 0) or else by
 * weight; `slot`: where the request goes, which is `pinned` unless that backend is ejected and the
 * fallback is not. With both ejected the request still goes to `pinned`: trying beats refusing.
 */
export function chooseSlot(
  routing: Routing,
  stickyValue: string | undefined,
  random: () => number = Math.random,
): { slot: Slot; pinned: Slot } {
  const { stable, candidate, candidateTenths } = routing;
  let pinned: Slot | undefined;
  if (stickyValue !== undefined) {
    if (candidate && candidateTenths > 0 && candidate.backend.version === stickyValue) pinned = candidate;
    else if (candidateTenths < 1000 && stable.backend.version === stickyValue) pinned = stable;
  }
  if (!pinned) pinned = candidate && candidateTenths > 0 && random() * 1000 < candidateTenths ? candidate : stable;
  if (!pinned.backend.ejected) return { slot: pinned, pinned };
  const other = fallbackFor(routing, pinned);
  return { slot: other && !other.backend.ejected ? other : pinned, pinned };
}
