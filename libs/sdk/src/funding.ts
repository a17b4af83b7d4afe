import { erc20Abi, type Account, type Chain, type PublicClient, type Transport, type WalletClient } from 'viem';
import { lowerAddress, IntentMeshError, type Address, type Hex } from '@intentmesh/protocol';

// The winning solver's settlement pulls sellAmount from the swapper with transferFrom, so the swapper needs the
// balance and a plain ERC-20 allowance for the chain's settlement contract. Permit2 is not offered: the settlement
// contract pulls by allowance only (no permit-witness path), and the API and auctioneer check exactly that allowance;
// a Permit2 signature would authorise nothing the contract reads.

/** The reads the funding helpers make: any viem PublicClient on the source chain. */
export type FundingPublicClient = Pick<PublicClient, 'readContract' | 'waitForTransactionReceipt'>;

export type FundingReader = {
  publicClient: Pick<PublicClient, 'readContract'>;
  /** The settlement contract (spender); default: the chain's, from GET /v1/chains. */
  settlement?: Address;
};

export type FundingWarning = {
  code: 'INSUFFICIENT_BALANCE' | 'INSUFFICIENT_ALLOWANCE';
  message: string;
  token: Address;
  owner: Address;
  spender: Address;
  have: bigint;
  need: bigint;
};

export type FundingQuery = { token: Address; owner: Address; spender: Address };

/** The owner's balance of `token` and its allowance for `spender`. */
export async function readFunding(
  publicClient: Pick<PublicClient, 'readContract'>,
  { token, owner, spender }: FundingQuery,
): Promise<{ balance: bigint; allowance: bigint }> {
  const [balance, allowance] = await Promise.all([
    publicClient.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [owner] }),
    publicClient.readContract({ address: token, abi: erc20Abi, functionName: 'allowance', args: [owner, spender] }),
  ]);
  return { balance, allowance };
}

/** What would make the API refuse an intent selling `amount`: a short balance, a short allowance (empty when funded). */
export async function checkFunding(
  publicClient: Pick<PublicClient, 'readContract'>,
  q: FundingQuery & { amount: bigint },
): Promise<FundingWarning[]> {
  const { balance, allowance } = await readFunding(publicClient, q);
  const warnings: FundingWarning[] = [];
  const base = { token: q.token, owner: q.owner, spender: q.spender, need: q.amount };
  if (balance < q.amount)
    warnings.push({
      ...base,
      code: 'INSUFFICIENT_BALANCE',
      have: balance,
      message: `${q.owner} holds ${balance} of ${q.token}, less than the ${q.amount} the intent sells: the API will refuse it.`,
    });
  if (allowance < q.amount)
    warnings.push({
      ...base,
      code: 'INSUFFICIENT_ALLOWANCE',
      have: allowance,
      message: `${q.owner} allows the settlement contract ${q.spender} ${allowance} of ${q.token}, less than ${q.amount}: call ensureAllowance (approve) first.`,
    });
  return warnings;
}

/** A wallet with an account and a chain, and a public client to wait for the receipt on. */
export type FundingWriter = {
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
  publicClient: FundingPublicClient;
};

/** approve(spender, amount) on `token`, waiting for the receipt; a reverted approval throws. */
export async function approve(
  { walletClient, publicClient }: FundingWriter,
  { token, spender, amount }: { token: Address; spender: Address; amount: bigint },
): Promise<Hex> {
  const hash = await walletClient.writeContract({
    address: token,
    abi: erc20Abi,
    functionName: 'approve',
    args: [spender, amount],
    account: walletClient.account,
    chain: walletClient.chain,
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success')
    throw new IntentMeshError(`approve(${spender}, ${amount}) on ${token} reverted (tx ${hash}).`, {
      code: 'INTERNAL',
      details: { hash, token, spender },
    });
  return hash;
}

export type EnsureAllowanceParameters = { token: Address; spender: Address; amount: bigint };

/** Approves `spender` for `amount` only when the wallet's current allowance is short of it. */
export async function ensureAllowance(
  writer: FundingWriter,
  { token, spender, amount }: EnsureAllowanceParameters,
): Promise<{ approved: boolean; allowance: bigint; hash?: Hex }> {
  const owner = lowerAddress(writer.walletClient.account.address);
  const allowance = await writer.publicClient.readContract({
    address: token,
    abi: erc20Abi,
    functionName: 'allowance',
    args: [owner, spender],
  });
  if (allowance >= amount) return { approved: false, allowance };
  const hash = await approve(writer, { token, spender, amount });
  return { approved: true, allowance: amount, hash };
}
