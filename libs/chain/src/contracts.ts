// IntentMesh contracts for TypeScript: local deployment, and the encodings the
// cross-chain path needs (origin data for DestinationSettler.fill, the attester's FillProof).
import {
  intentTypes,
  structTypes,
  type Award,
  type ChainDomain,
  type Intent,
  lowerAddress,
} from '@intentmesh/protocol';
import {
  encodeAbiParameters,
  getContractAddress,
  hashTypedData,
  pad,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type LocalAccount,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import {
  destinationSettlerAbi,
  destinationSettlerBytecode,
  interactionExecutorBytecode,
  intentSettlementAbi,
  intentSettlementBytecode,
  mockErc20Abi,
  mockErc20Bytecode,
  mockPoolAbi,
  mockPoolBytecode,
  solverRegistryAbi,
  solverRegistryBytecode,
} from '@intentmesh/contracts';

// ---------------------------------------------------------------- Solidity argument shapes

/** Intent and Award as the contracts take them: the same fields, numbers widened to bigint. */
type Widened<T, K extends keyof T> = Omit<T, K> & { [P in K]: bigint };
export type SolidityIntent = Widened<Intent, 'sourceChainId' | 'destinationChainId' | 'deadline'>;
export type SolidityAward = Widened<Award, 'settleBy'>;
export type Interaction = { target: Address; value: bigint; callData: Hex };

export function toSolidityIntent(intent: Intent): SolidityIntent {
  return {
    swapper: intent.swapper,
    sellToken: intent.sellToken,
    sellAmount: intent.sellAmount,
    buyToken: intent.buyToken,
    minBuyAmount: intent.minBuyAmount,
    recipient: intent.recipient,
    sourceChainId: BigInt(intent.sourceChainId),
    destinationChainId: BigInt(intent.destinationChainId),
    nonce: intent.nonce,
    deadline: BigInt(intent.deadline),
  };
}

export function toSolidityAward(award: Award): SolidityAward {
  return { ...award, settleBy: BigInt(award.settleBy) };
}

// ---------------------------------------------------------------- cross-chain encodings

// the ABI tuple of the Intent struct: the same fields, in the same order, as its EIP-712 type
const INTENT_TUPLE = { type: 'tuple', components: intentTypes.Intent } as const;

/**
 * `originData` of DestinationSettler.fill: abi.encode(Intent, originSettler, awarded solver, exclusiveUntil), as
 * emitted by `Opened` (solvers should take it from the event: `exclusiveUntil` is set by the origin at `open`).
 */
export function encodeOriginData(
  intent: Intent,
  originSettler: Address,
  award: { solver: Address; exclusiveUntil: bigint },
): Hex {
  return encodeAbiParameters(
    [INTENT_TUPLE, { type: 'address' }, { type: 'address' }, { type: 'uint256' }],
    [toSolidityIntent(intent), originSettler, award.solver, award.exclusiveUntil],
  );
}

/** The address of `solver`'s InteractionExecutor (CREATE2 by `settlement`, salt = the solver), deployed or not. */
export function executorAddress(args: { settlement: Address; solver: Address }): Address {
  return lowerAddress(
    getContractAddress({
      opcode: 'CREATE2',
      from: args.settlement,
      salt: pad(args.solver),
      bytecode: interactionExecutorBytecode,
    }),
  );
}

/** `fillerData` of DestinationSettler.fill: abi.encode(uint256 amount delivered to the recipient). */
export function encodeFillerData(amount: bigint): Hex {
  return encodeAbiParameters([{ type: 'uint256' }], [amount]);
}

/** What the attester signs (under the origin chain's IntentMesh domain) after observing a `Filled` event. */
export type FillProof = {
  orderId: Hex;
  destinationChainId: bigint;
  destinationSettler: Address;
  filler: Address;
  amount: bigint;
  filledAt: bigint;
};

export const fillProofTypes = structTypes(
  'FillProof(bytes32 orderId,uint256 destinationChainId,address destinationSettler,address filler,uint256 amount,uint256 filledAt)',
);

const fillProofTypedData = (proof: FillProof, originDomain: ChainDomain) => ({
  domain: originDomain,
  types: fillProofTypes,
  primaryType: 'FillProof' as const,
  message: proof,
});

/** EIP-712 digest of a fill proof; `originDomain` = getChainDomain(originChainId, originSettlement). */
export function hashFillProof(proof: FillProof, originDomain: ChainDomain): Hex {
  return hashTypedData(fillProofTypedData(proof, originDomain));
}

export function signFillProof(proof: FillProof, originDomain: ChainDomain, attester: LocalAccount): Promise<Hex> {
  return attester.signTypedData(fillProofTypedData(proof, originDomain));
}

/** The registry's own consent struct (a nonce and deadline, not the off-chain voucher's salt and expiry). */
export const solverConsentTypes = structTypes(
  'SolverConsent(address solver,address operator,uint256 nonce,uint256 deadline)',
);

/**
 * A solver key's consent to be vouched for by `operator` in the SolverRegistry at `registry`. `nonce` is the
 * registry's `consentNonce(solver)` (bumped by every vouch and revoke); `deadline` at most MAX_CONSENT_LIFETIME away.
 */
export function signSolverConsent(args: {
  solver: LocalAccount;
  operator: Address;
  nonce: bigint;
  deadline: bigint;
  registry: Address;
  chainId: number;
}): Promise<Hex> {
  return args.solver.signTypedData({
    domain: { name: 'IntentMesh', version: '1', chainId: args.chainId, verifyingContract: args.registry },
    types: solverConsentTypes,
    primaryType: 'SolverConsent',
    message: { solver: args.solver.address, operator: args.operator, nonce: args.nonce, deadline: args.deadline },
  });
}

// ---------------------------------------------------------------- local deployment

export type DeployClients = {
  walletClient: WalletClient<Transport, Chain, Account>;
  publicClient: PublicClient<Transport, Chain>;
};

export type DeployLocalOptions = {
  /** Owner of the settlement; defaults to the deployer. */
  owner?: Address;
  /** Auctioneer key trusted for awards; defaults to the deployer. */
  auctioneer?: Address;
  /** Attester key trusted for fill proofs; defaults to the deployer. */
  attester?: Address;
  /** Governance of the registry; defaults to the deployer. */
  governance?: Address;
  /** Seconds after a cross-chain fill deadline reserved for repayment before refunds; default 3600. */
  proofWindow?: bigint;
  /** Registry unbond delay in seconds; default 7 days. */
  unbondDelay?: bigint;
  /**
   * Timelock of the settlement's attester/destination-settler setters and of the registry's slashing, in seconds.
   * Default 0 — local chains only (setters act at once); a production deployment uses at least 2 days.
   */
  timelockDelay?: bigint;
  /** Registry bond asset: 'native' ether (default) or the deployed mock WETH. */
  bondAsset?: 'native' | 'weth';
  /** WETH→USDC price of the mock pool, in USDC per WETH; default 3000. */
  wethPriceUsdc?: bigint;
};

/** Addresses are lowercase, as everywhere in libs/protocol. */
export type LocalDeployment = {
  chainId: number;
  deployer: Address;
  settlement: Address;
  destinationSettler: Address;
  registry: Address;
  pool: Address;
  tokens: { WETH: Address; USDC: Address };
};

/**
 * Deploys IntentSettlement (executors come per solver, on first settle), DestinationSettler, SolverRegistry,
 * mock WETH (18 decimals) and USDC (6 decimals), and a MockPool quoting WETH↔USDC at a fixed price. For a
 * cross-chain demo, deploy on two chains and call `setDestinationSettler(destChainId, dest.destinationSettler)` on the origin settlement (owner).
 */
export async function deployLocal(clients: DeployClients, options: DeployLocalOptions = {}): Promise<LocalDeployment> {
  const { walletClient, publicClient } = clients;
  const deployer = lowerAddress(walletClient.account.address);
  const chainId = await publicClient.getChainId();

  const deploy = async (abi: readonly unknown[], bytecode: Hex, args: readonly unknown[]): Promise<Address> => {
    const hash = await walletClient.deployContract({ abi, bytecode, args } as Parameters<
      typeof walletClient.deployContract
    >[0]);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success' || !receipt.contractAddress) throw new Error(`deployment failed: ${hash}`);
    return lowerAddress(receipt.contractAddress);
  };
  const send = async (hashPromise: Promise<Hex>) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await hashPromise });
    if (receipt.status !== 'success') throw new Error(`transaction failed: ${receipt.transactionHash}`);
  };

  const settlement = await deploy(intentSettlementAbi, intentSettlementBytecode, [
    options.owner ?? deployer,
    options.auctioneer ?? deployer,
    options.attester ?? deployer,
    options.proofWindow ?? 3600n,
    options.timelockDelay ?? 0n,
  ]);
  const destinationSettler = await deploy(destinationSettlerAbi, destinationSettlerBytecode, []);
  const WETH = await deploy(mockErc20Abi, mockErc20Bytecode, ['Wrapped Ether', 'WETH', 18]);
  const USDC = await deploy(mockErc20Abi, mockErc20Bytecode, ['USD Coin', 'USDC', 6]);
  const registry = await deploy(solverRegistryAbi, solverRegistryBytecode, [
    options.bondAsset === 'weth' ? WETH : '0x0000000000000000000000000000000000000000',
    options.unbondDelay ?? 7n * 24n * 3600n,
    options.governance ?? deployer,
    options.timelockDelay ?? 0n,
  ]);
  const pool = await deploy(mockPoolAbi, mockPoolBytecode, []);
  const price = options.wethPriceUsdc ?? 3000n;
  // 1 WETH (1e18) ↔ price USDC (price * 1e6)
  await send(
    walletClient.writeContract({
      address: pool,
      abi: mockPoolAbi,
      functionName: 'setRate',
      args: [WETH, USDC, price * 10n ** 6n, 10n ** 18n],
    }),
  );
  await send(
    walletClient.writeContract({
      address: pool,
      abi: mockPoolAbi,
      functionName: 'setRate',
      args: [USDC, WETH, 10n ** 18n, price * 10n ** 6n],
    }),
  );
  return {
    chainId,
    deployer,
    settlement,
    destinationSettler,
    registry,
    pool,
    tokens: { WETH, USDC },
  };
}
