import type { Address, Hex } from '../primitives';

/**
 * A trader's signed wish: sell `sellAmount` of `sellToken` on `sourceChainId` for at least
 * `minBuyAmount` of `buyToken` delivered to `recipient` on `destinationChainId`, before `deadline`.
 */
export type Intent = {
  /** The trader: signs the intent and provides the sell tokens. */
  swapper: Address;
  /** ERC-20 sold on the source chain. */
  sellToken: Address;
  /** Exact amount sold, in the sell token's base units (wei). */
  sellAmount: bigint;
  /** ERC-20 bought on the destination chain. */
  buyToken: Address;
  /** Least the recipient accepts, in the buy token's base units; a bid below it is refused. */
  minBuyAmount: bigint;
  /** Who receives the buy tokens (often the swapper). */
  recipient: Address;
  /** Chain where the sell tokens are taken; also the EIP-712 domain's chainId. */
  sourceChainId: number;
  /** Chain where the buy tokens are delivered; equal to the source for same-chain swaps. */
  destinationChainId: number;
  /** Per-swapper replay guard, a bit in the settlement contract's nonce bitmap (word = nonce >> 8). */
  nonce: bigint;
  /** Unix seconds after which the intent can be neither awarded nor settled. */
  deadline: number;
};

/** The wire form: amounts and nonce as decimal strings, addresses as hex. */
export type IntentJSON = {
  swapper: string;
  sellToken: string;
  sellAmount: string;
  buyToken: string;
  minBuyAmount: string;
  recipient: string;
  sourceChainId: number;
  destinationChainId: number;
  nonce: string;
  deadline: number;
};

export type SignedIntent = { intent: Intent; signature: Hex };
export type SignedIntentJSON = { intent: IntentJSON; signature: string };

/**
 * Lifecycle of an intent as the API reports it. `unfunded`: the auctioneer's re-check found the swapper's balance,
 * allowance or nonce no longer good; held out of auctions and re-checked until funded again or past its deadline.
 */
export const IntentStatuses = [
  'pending',
  'auctioning',
  'awarded',
  'unfilled',
  'unfunded',
  'expired',
  'settled',
  'cancelled',
] as const;
export type IntentStatus = (typeof IntentStatuses)[number];
