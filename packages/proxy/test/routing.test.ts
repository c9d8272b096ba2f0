import { describe, expect, it } from 'vitest';
import type { Backend } from '../src/backend';
import type { ArmSeries } from '../src/metrics';
import { chooseSlot, fallbackFor, type Routing, type Slot } from '../src/routing';

const series: ArmSeries = { count: () => undefined, failure: () => undefined };
const slot = (arm: 'stable' | 'candidate', version: string, ejected = false): Slot => ({
  arm,
  backend: { version, ejected } as Backend,
  series,
});
const routing = (tenths: number, { stableDown = false, candidateDown = false } = {}): Routing => ({
  stable: slot('stable', 'v1', stableDown),
  candidate: slot('candidate', 'v2', candidateDown),
  candidateTenths: tenths,
});
const seq = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length] as number;
};

describe('chooseSlot', () => {
  it('splits by weight in tenths of a percent', () => {
    const r = routing(125); // 12.5 %
    expect(chooseSlot(r, undefined, () => 0.1249).slot.arm).toBe('candidate');
    expect(chooseSlot(r, undefined, () => 0.125).slot.arm).toBe('stable');
    expect(chooseSlot(routing(0), undefined, () => 0).slot.arm).toBe('stable');
    expect(chooseSlot(routing(1000), undefined, () => 0.9999999).slot.arm).toBe('candidate');
  });

  it('gives the candidate its share over many requests', () => {
    const r = routing(250);
    let candidate = 0;
    const random = seq(...Array.from({ length: 1000 }, (_, i) => i / 1000));
    for (let i = 0; i < 1000; i++) if (chooseSlot(r, undefined, random).slot.arm === 'candidate') candidate++;
    expect(candidate).toBe(250);
  });

  it('keeps a sticky client on its version while that version has a weight above 0', () => {
    expect(chooseSlot(routing(50), 'v2', () => 0.99).slot.arm).toBe('candidate');
    expect(chooseSlot(routing(950), 'v1', () => 0).slot.arm).toBe('stable');
    // Aborted canary: the candidate's clients go back to stable.
    expect(chooseSlot(routing(0), 'v2', () => 0).slot.arm).toBe('stable');
    // Full rollout: stable's clients move to the candidate.
    expect(chooseSlot(routing(1000), 'v1', () => 0.5).slot.arm).toBe('candidate');
    // An unknown version falls back to the weights.
    expect(chooseSlot(routing(500), 'v0', () => 0.1).slot.arm).toBe('candidate');
  });

  it("sends an ejected arm's requests to the other arm, but keeps the pin", () => {
    const down = chooseSlot(routing(1000, { candidateDown: true }), undefined, () => 0);
    expect(down.slot.arm).toBe('stable');
    expect(down.pinned.arm).toBe('candidate');
    expect(chooseSlot(routing(50, { stableDown: true }), undefined, () => 0.9).slot.arm).toBe('candidate');
  });

  it('never sends traffic to a candidate at weight 0, even when stable is down', () => {
    expect(chooseSlot(routing(0, { stableDown: true }), undefined, () => 0).slot.arm).toBe('stable');
  });

  it('tries the pinned arm when both are ejected', () => {
    expect(chooseSlot(routing(1000, { stableDown: true, candidateDown: true }), undefined, () => 0).slot.arm).toBe('candidate');
  });
});

describe('fallbackFor', () => {
  it("stable takes the candidate's requests; the candidate takes stable's only above weight 0", () => {
    const r = routing(50);
    expect(fallbackFor(r, r.candidate as Slot)?.arm).toBe('stable');
    expect(fallbackFor(r, r.stable)?.arm).toBe('candidate');
    const aborted = routing(0);
    expect(fallbackFor(aborted, aborted.stable)).toBeUndefined();
    const single: Routing = { stable: slot('stable', 'v1'), candidate: null, candidateTenths: 0 };
    expect(fallbackFor(single, single.stable)).toBeUndefined();
  });
});
