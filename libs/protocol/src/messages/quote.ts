import { z } from 'zod';
import { offchainDomainSeparator } from '../crypto/domain';
import { WordWriter, typeHash, typedDataDigest } from '../crypto/encode';
import { recoverDigestSigner } from '../crypto/recoverSigner';
import type { DigestSigner } from '../crypto/signDigest';
import { IntentMeshError } from '../errors';
import { bytesToHex, type Address, type Hex } from '../primitives';
import {
  addressSchema,
  amountSchema,
  bytes32Schema,
  jsonAddress,
  jsonBytes32,
  jsonDecimal,
  parseOrThrow,
  safeIntSchema,
  signatureSchema,
} from '../schema';
import { offchainDomain } from '../typedData';

/**
 * Indicative quotes: API -> auctioneer.quote -> solver.<addr>.quote for every healthy solver -> signed answers.
 * Not binding: no intent exists, nothing is signed by a trader, nothing is recorded.
 */
export type QuoteRequestJSON = {
  quoteId: string;
  sellToken: string;
  buyToken: string;
  sellAmount: string;
  sourceChainId: number;
  destinationChainId: number;
  /** How long the asker waits in total (ms); solvers must answer well within it. */
  timeoutMs: number;
};
export const quoteRequestSchema = z.strictObject({
  quoteId: bytes32Schema,
  sellToken: addressSchema,
  buyToken: addressSchema,
  sellAmount: amountSchema({ positive: true }),
  sourceChainId: safeIntSchema,
  destinationChainId: safeIntSchema,
  timeoutMs: safeIntSchema.min(1).max(5000),
});
export type QuoteRequest = z.output<typeof quoteRequestSchema>;
export function parseQuoteRequest(json: unknown): QuoteRequest {
  return parseOrThrow(quoteRequestSchema, json, 'quote request');
}

/** A solver's answer: its indicative buyAmount (null: it cannot route the pair), signed so the auctioneer knows who said it. */
export type SolverQuoteJSON = { quoteId: string; solver: string; buyAmount: string | null; signature: string };
export const solverQuoteSchema = z.strictObject({
  quoteId: bytes32Schema,
  solver: addressSchema,
  buyAmount: amountSchema({ positive: false }).nullable(),
  signature: signatureSchema,
});
export type SolverQuote = z.output<typeof solverQuoteSchema>;

/** The auctioneer's reply to the API: who was asked and the verified answers that came in time. */
export type QuoteRoundJSON = {
  quoteId: string;
  asked: number;
  answers: { solver: string; buyAmount: string; latencyMs: number }[];
};
export const quoteRoundSchema = z.strictObject({
  quoteId: bytes32Schema,
  asked: safeIntSchema,
  answers: z
    .array(
      z.strictObject({ solver: addressSchema, buyAmount: amountSchema({ positive: true }), latencyMs: safeIntSchema }),
    )
    .max(10_000),
});
export type QuoteRound = z.output<typeof quoteRoundSchema>;
export function parseQuoteRound(json: unknown): QuoteRound {
  return parseOrThrow(quoteRoundSchema, json, 'quote round');
}

export const INDICATIVE_QUOTE_TYPE = 'IndicativeQuote(bytes32 quoteId,address solver,uint256 buyAmount)';
const INDICATIVE_QUOTE_TYPEHASH = typeHash(INDICATIVE_QUOTE_TYPE);

/** Off-chain EIP-712 digest of an answer; "no route" signs buyAmount 0. */
export function hashIndicativeQuote(quoteId: Hex, solver: Address, buyAmount: bigint | null): Hex {
  return bytesToHex(
    typedDataDigest(
      offchainDomainSeparator(offchainDomain),
      new WordWriter(4)
        .bytes32(INDICATIVE_QUOTE_TYPEHASH)
        .bytes32(quoteId)
        .address(solver)
        .uint(buyAmount ?? 0n)
        .hash(),
    ),
  );
}

export function signSolverQuote(quoteId: Hex, buyAmount: bigint | null, signer: DigestSigner): SolverQuoteJSON {
  return {
    quoteId,
    solver: signer.address,
    buyAmount: buyAmount === null ? null : buyAmount.toString(),
    signature: signer.signDigest(hashIndicativeQuote(quoteId, signer.address, buyAmount)),
  };
}

/** Parses a solver's answer and checks it is signed by `expected` for this quote; throws otherwise. */
export function verifySolverQuote(json: unknown, quoteId: Hex, expected: Address): SolverQuote {
  const q = parseOrThrow(solverQuoteSchema, json, 'solver quote');
  if (
    q.quoteId !== quoteId ||
    q.solver !== expected.toLowerCase() ||
    recoverDigestSigner(hashIndicativeQuote(q.quoteId, q.solver, q.buyAmount), q.signature) !== q.solver
  ) {
    throw new IntentMeshError('The quote answer is not signed by the solver that was asked.', {
      code: 'INVALID_SIGNATURE',
      details: { solver: q.solver },
    });
  }
  return q;
}

const queryInt = (what: string, min: number, max: number) =>
  z
    .string({ error: `is required (${what})` })
    .regex(/^[0-9]{1,16}$/, `must be a whole number (${what})`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be from ${min} to ${max} (${what})`);

/** GET /v1/quote query parameters: all strings on the wire; destinationChainId defaults to the source chain. */
export const quoteQuerySchema = z.strictObject({
  sellToken: addressSchema,
  buyToken: addressSchema,
  sellAmount: amountSchema({ positive: true }),
  sourceChainId: queryInt('a chain id', 1, Number.MAX_SAFE_INTEGER),
  destinationChainId: queryInt('a chain id', 1, Number.MAX_SAFE_INTEGER).optional(),
  slippageBps: queryInt('basis points', 0, 10_000).optional(),
});
export type QuoteQuery = z.output<typeof quoteQuerySchema>;
export function parseQuoteQuery(query: unknown): QuoteQuery {
  return parseOrThrow(quoteQuerySchema, query, 'query');
}

const int = (description?: string) => safeIntSchema.meta(description ? { description } : {});

/** One solver's answer in a quote. */
export const quoteAnswerSchema = z.strictObject({
  solver: jsonAddress,
  buyAmount: jsonDecimal("This solver's indicative buyAmount."),
  latencyMs: int('From the round start to this answer.'),
});

/** The answer of GET /v1/quote (decimal strings for amounts). */
export const quoteSchema = z
  .strictObject({
    quoteId: jsonBytes32.meta({ description: 'Random id of this round (solvers sign their answers over it).' }),
    sellToken: jsonAddress,
    buyToken: jsonAddress,
    sellAmount: jsonDecimal('Amount sold, as asked.'),
    sourceChainId: int(),
    destinationChainId: int(),
    buyAmount: jsonDecimal('Best indicative buyAmount among the answers.'),
    minBuyAmount: jsonDecimal('Suggested minBuyAmount: buyAmount less slippageBps, rounded down.'),
    slippageBps: int('Slippage applied, in basis points.'),
    spread: z.strictObject({
      min: jsonDecimal('Lowest answer.'),
      median: jsonDecimal('Median answer.'),
      max: jsonDecimal('Highest answer.'),
      count: int('Answers counted.'),
    }),
    solvers: z.array(quoteAnswerSchema).meta({ description: 'Who answered, best first.' }),
    asked: int('Healthy solvers asked.'),
    elapsedMs: int('Time the API spent on the round.'),
    binding: z.literal(false).meta({ description: 'Always false: the auction sets the real price.' }),
  })
  .meta({ description: 'An indicative, non-binding quote.' });
export type QuoteJSON = z.infer<typeof quoteSchema>;
