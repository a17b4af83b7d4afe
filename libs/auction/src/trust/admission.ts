import type { Address } from '@intentmesh/protocol';

export type AdmissionVerdict =
  { ok: true; operator: Address } | { ok: false; verdict: 'NOT_INVITED' | 'UNREGISTERED_SOLVER'; reason: string };

/**
 * The seat rule at bid time: a key may bid only on intents of the shards it was invited to, and an
 * operator has one counted bid per intent whichever of its keys sent it (a later one replaces the earlier).
 */
export class BidAdmission {
  /** operator -> intent hash -> index of the operator's counted bid on it */
  private readonly counted = new Map<Address, Map<string, number>>();

  constructor(
    private readonly invitations: ReadonlyMap<Address, ReadonlySet<number>>,
    private readonly operatorOf: (solver: Address) => Address | undefined,
    private readonly chainOf: (intentHash: string) => number | undefined,
  ) {}

  check(solver: Address, fills: readonly { intentHash: string }[]): AdmissionVerdict {
    const operator = this.operatorOf(solver);
    if (!operator) return { ok: false, verdict: 'UNREGISTERED_SOLVER', reason: `${solver} is not a registered solver` };
    const chains = this.invitations.get(solver);
    if (!chains) return { ok: false, verdict: 'NOT_INVITED', reason: `${solver} was not invited to this auction` };
    for (const f of fills) {
      const chain = this.chainOf(f.intentHash);
      if (chain !== undefined && !chains.has(chain))
        return {
          ok: false,
          verdict: 'NOT_INVITED',
          reason: `${solver} was not invited for chain ${chain} (intent ${f.intentHash})`,
        };
    }
    return { ok: true, operator };
  }

  /** Counts an accepted bid; returns the indexes of the operator's earlier bids it replaces. */
  count(index: number, operator: Address, fills: readonly { intentHash: string }[]): number[] {
    let mine = this.counted.get(operator);
    if (!mine) this.counted.set(operator, (mine = new Map<string, number>()));
    const replaced = new Set<number>();
    for (const f of fills) {
      const prior = mine.get(f.intentHash);
      if (prior !== undefined) replaced.add(prior);
    }
    // a replaced batch is replaced whole: forget all of its intents (the scan only when something was replaced, so a
    // first bid per intent costs its fills, not the operator's whole map)
    if (replaced.size) for (const [intent, idx] of [...mine]) if (replaced.has(idx)) mine.delete(intent);
    for (const f of fills) mine.set(f.intentHash, index);
    return replaced.size ? [...replaced] : [];
  }

  /** Counted bid indexes (for tests and the record). */
  countedIndexes(): Set<number> {
    const out = new Set<number>();
    for (const m of this.counted.values()) for (const i of m.values()) out.add(i);
    return out;
  }
}
