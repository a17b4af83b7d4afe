import { generatePrivateKey } from 'viem/accounts';
import { createDigestSigner } from '../crypto/signDigest';
import { parseQuoteQuery, signSolverQuote, verifySolverQuote } from './quote';
import { applySlippage } from './slippage';

describe('quote - indicative answers and the GET /v1/quote query', () => {
  const quoteId = `0x${'42'.repeat(32)}` as const;
  const solver = createDigestSigner(generatePrivateKey());

  it('a solver answer verifies only for its own quote id, its own key and its own amount', () => {
    const answer = signSolverQuote(quoteId, 123_456n, solver);
    expect(verifySolverQuote(answer, quoteId, solver.address).buyAmount).toBe(123_456n);
    expect(verifySolverQuote(signSolverQuote(quoteId, null, solver), quoteId, solver.address).buyAmount).toBeNull();
    expect(() => verifySolverQuote({ ...answer, buyAmount: '999999' }, quoteId, solver.address)).toThrow(
      expect.objectContaining({ code: 'INVALID_SIGNATURE' }),
    );
    expect(() => verifySolverQuote(answer, `0x${'43'.repeat(32)}`, solver.address)).toThrow(
      expect.objectContaining({ code: 'INVALID_SIGNATURE' }),
    );
    const other = createDigestSigner(generatePrivateKey());
    expect(() => verifySolverQuote(answer, quoteId, other.address)).toThrow(
      expect.objectContaining({ code: 'INVALID_SIGNATURE' }),
    );
  });

  it('parses query strings with stable codes per field', () => {
    const ok = {
      sellToken: `0x${'11'.repeat(20)}`,
      buyToken: `0x${'22'.repeat(20)}`,
      sellAmount: '1000',
      sourceChainId: '1',
    };
    expect(parseQuoteQuery(ok)).toEqual({ ...ok, sellAmount: 1000n, sourceChainId: 1 });
    expect(parseQuoteQuery({ ...ok, destinationChainId: '10', slippageBps: '0' })).toMatchObject({
      destinationChainId: 10,
      slippageBps: 0,
    });
    const code = (q: Record<string, unknown>) => {
      try {
        parseQuoteQuery(q);
        return 'OK';
      } catch (e) {
        return (e as { code: string }).code;
      }
    };
    expect(code({ ...ok, sellAmount: '1e18' })).toBe('INVALID_AMOUNT');
    expect(code({ ...ok, sellToken: 'WETH' })).toBe('INVALID_ADDRESS');
    expect(code({ ...ok, sourceChainId: '-1' })).toBe('SCHEMA_INVALID');
    expect(code({ ...ok, slippageBps: '10001' })).toBe('SCHEMA_INVALID');
    expect(code({ ...ok, extra: '1' })).toBe('SCHEMA_INVALID');
  });

  it('slippage rounds down in wei and never uses a float', () => {
    expect(applySlippage(10_000n, 50)).toBe(9_950n);
    expect(applySlippage(999n, 50)).toBe(994n); // 994.005 rounded down
    expect(applySlippage(2n ** 200n, 1)).toBe((2n ** 200n * 9_999n) / 10_000n);
    expect(applySlippage(123n, 0)).toBe(123n);
  });
});
