import { defaultReputationConfig, type ReputationConfig } from './reputation';

/**
 * How much one ended-unsettled award counts in the operator's `unsettled` reputation counter. A failure the solver
 * reports at once (signed) weighs half a silent lapse: it frees the intent at once, so reporting never costs more.
 */
export const LAPSE_WEIGHT = { lapsed: 1, reported: 0.5 } as const;
export type LapseKind = keyof typeof LAPSE_WEIGHT;

/**
 * The lapse policy as a formula (before decay): after lapses of total weight n, the operator's weight is multiplied by
 * exp(-penalty.unsettled x n) = 0.7^n with the defaults, and it is ejected once n reaches ejectUnsettledAt (2.5: the
 * third silent lapse), for a back-off of base x (ejections so far), capped. This gives the factor for n.
 */
export function lapseFactor(n: number, config: ReputationConfig = defaultReputationConfig): number {
  return n >= config.ejectUnsettledAt ? 0 : Math.exp(-config.penalty.unsettled * n);
}

/**
 * Expected share of the seats one operator holds when a single seat is drawn by weight (PPS): its bond scaled by
 * lapseFactor(lapses) against the others' bonds (all on the same ramp and health).
 */
export function expectedSeatShare(
  bond: number,
  lapses: number,
  otherBonds: number[],
  config: ReputationConfig = defaultReputationConfig,
): number {
  const mine = bond * lapseFactor(lapses, config);
  const total = mine + otherBonds.reduce((a, b) => a + b, 0);
  return total === 0 ? 0 : mine / total;
}
