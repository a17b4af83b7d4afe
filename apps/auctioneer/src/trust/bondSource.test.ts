import {
  deployLocal,
  signSolverConsent,
  solverRegistryAbi,
  startLocalChain,
  type LocalChain,
  type LocalDeployment,
} from '@intentmesh/chain';
import type { Address } from '@intentmesh/protocol';
import { configBondSource, registryBondSource } from './bondSource';

const lower = (a: string) => a.toLowerCase() as Address;

describe('trust - bond sources', () => {
  let chain: LocalChain;
  let d: LocalDeployment;
  beforeAll(async () => {
    chain = await startLocalChain({ chainId: 31337 });
    d = await deployLocal({ walletClient: chain.walletFor(chain.accounts[0]), publicClient: chain.publicClient });
  });
  afterAll(() => chain?.close());

  it('config: OPERATOR_BONDS as given, no key bindings', async () => {
    const bonds = [{ operator: lower('0x' + '11'.repeat(20)), bond: 5n }];
    expect(await configBondSource(bonds).read()).toEqual({ operators: bonds, solvers: [] });
  });

  it('registry: reads bonds and vouched keys from SolverRegistry, and follows a slash and a revoke', async () => {
    const [governance, operator, solver, other] = chain.accounts;
    const send = async (from: typeof operator, call: object) =>
      chain.publicClient.waitForTransactionReceipt({
        hash: await chain
          .walletFor(from)
          .writeContract({ address: d.registry, abi: solverRegistryAbi, ...call } as never),
      });
    const source = registryBondSource({ publicClient: chain.publicClient, registry: d.registry });
    expect(await source.read()).toEqual({ operators: [], solvers: [] });

    await send(operator, { functionName: 'bond', args: [3n * 10n ** 18n], value: 3n * 10n ** 18n });
    const deadline = (await chain.now()) + 3600n;
    for (const key of [solver, other]) {
      const nonce = await chain.publicClient.readContract({
        address: d.registry,
        abi: solverRegistryAbi,
        functionName: 'consentNonce',
        args: [key.address],
      });
      const consent = await signSolverConsent({
        solver: key,
        operator: operator.address,
        nonce,
        deadline,
        registry: d.registry,
        chainId: 31337,
      });
      await send(operator, { functionName: 'vouch', args: [key.address, deadline, consent] });
    }
    expect(await source.read()).toEqual({
      operators: [{ operator: lower(operator.address), bond: 3n * 10n ** 18n }],
      solvers: [
        { solver: lower(solver.address), operator: lower(operator.address) },
        { solver: lower(other.address), operator: lower(operator.address) },
      ],
    });

    await send(governance, {
      functionName: 'slash',
      args: [operator.address, 10n ** 18n, '0x' + 'ee'.repeat(32), governance.address],
    });
    await send(operator, { functionName: 'revoke', args: [other.address] });
    expect(await source.read()).toEqual({
      operators: [{ operator: lower(operator.address), bond: 2n * 10n ** 18n }],
      solvers: [{ solver: lower(solver.address), operator: lower(operator.address) }],
    });
  });
});
