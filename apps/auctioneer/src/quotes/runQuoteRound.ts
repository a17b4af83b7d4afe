import { decodeJson, encodeJson, type Messaging } from '@intentmesh/messaging';
import { parseQuoteRequest, verifySolverQuote, type Address, type QuoteRoundJSON } from '@intentmesh/protocol';

/** Share of the asker's budget a solver gets; the rest covers both bus hops and the API's own work. */
const SOLVER_SHARE = 0.8;

/**
 * One indicative round: asks every given (healthy) solver at once on solver.<address>.quote and keeps the
 * answers that arrive in time and are signed by the solver asked. Nothing is recorded: quotes are not binding.
 */
export async function runQuoteRound(
  messaging: Messaging,
  solvers: Address[],
  json: unknown,
  now: () => number = Date.now,
): Promise<QuoteRoundJSON> {
  const request = parseQuoteRequest(json);
  const started = now();
  const timeoutMs = Math.max(1, Math.floor(request.timeoutMs * SOLVER_SHARE));
  const data = encodeJson({ ...request, sellAmount: request.sellAmount.toString(), timeoutMs });
  const answers = await Promise.all(
    solvers.map(async (solver) => {
      try {
        const reply = await messaging.bus.request(messaging.subjects.solverQuote(solver), data, { timeoutMs });
        const q = verifySolverQuote(decodeJson(reply), request.quoteId, solver);
        return q.buyAmount === null || q.buyAmount === 0n
          ? undefined
          : { solver: q.solver, buyAmount: q.buyAmount.toString(), latencyMs: now() - started };
      } catch {
        return undefined; // silent, late, or not signed by the solver asked: it simply did not answer
      }
    }),
  );
  return { quoteId: request.quoteId, asked: solvers.length, answers: answers.filter((a) => a !== undefined) };
}
