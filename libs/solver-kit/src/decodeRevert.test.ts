import { concatHex, encodeAbiParameters, encodeErrorResult, getAddress, type Hex } from 'viem';
import { intentSettlementAbi } from '@intentmesh/chain';
import { decodeRevertData } from './decodeRevert';

const SPENDER = getAddress('0x52908400098527886e0f7030069857d2e4169ee7');
// revert data built from the published selectors of OpenZeppelin's ERC-20 errors, not from the decoder's own ABI
const ADDRESS_UINT_UINT = [{ type: 'address' }, { type: 'uint256' }, { type: 'uint256' }] as const;
const erc20Error = (selector: Hex, address: Hex, a: bigint, b: bigint) =>
  concatHex([selector, encodeAbiParameters(ADDRESS_UINT_UINT, [address, a, b])]);

describe('solver-kit - decodeRevertData', () => {
  it("decodes a token's ERC-20 error nested in the settlement's InteractionFailed", () => {
    const allowance = erc20Error('0xfb8f41b2', SPENDER, 5n, 7n);
    const outer = encodeErrorResult({
      abi: intentSettlementAbi,
      errorName: 'InteractionFailed',
      args: [0n, allowance],
    });
    expect(decodeRevertData(outer)).toBe(`InteractionFailed(0, ERC20InsufficientAllowance(${SPENDER}, 5, 7))`);
    expect(decodeRevertData(erc20Error('0xe450d38c', SPENDER, 1n, 2n))).toBe(
      `ERC20InsufficientBalance(${SPENDER}, 1, 2)`,
    );
  });

  it('decodes Error(string), and gives unknown data back raw', () => {
    const error = concatHex(['0x08c379a0', encodeAbiParameters([{ type: 'string' }], ['no'])]);
    expect(decodeRevertData(error)).toBe('Error(no)');
    expect(decodeRevertData('0xdeadbeef')).toBe('0xdeadbeef');
    expect(decodeRevertData('0x')).toBe('reverted without data');
  });
});
