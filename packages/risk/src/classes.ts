/** The risk classes, lowest first: what a change touches decides how much a person must look. */
export const RISK_CLASSES = ['low', 'medium', 'high'] as const;
export type RiskClass = (typeof RISK_CLASSES)[number];

export const isRiskClass = (value: unknown): value is RiskClass =>
  typeof value === 'string' && (RISK_CLASSES as readonly string[]).includes(value);

export const rank = (c: RiskClass): number => RISK_CLASSES.indexOf(c);

/** The higher of two classes (the first one when they are equal). */
export const higher = (a: RiskClass, b: RiskClass): RiskClass => (rank(b) > rank(a) ? b : a);
