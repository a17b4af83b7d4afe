// The in-process benches' auction of N intents from 20 traders (two tokens, a quarter cross-chain): each intent's
// hash and its signed wire JSON, built with a checkout's protocol module `P`.
export function signedIntents(P, traders, n) {
  return Array.from({ length: n }, (_, i) => {
    const k = traders[i % traders.length];
    const intent = {
      swapper: k.address,
      sellToken: '0x' + '1'.repeat(40),
      sellAmount: 10n ** 18n + BigInt(i),
      buyToken: '0x' + '2'.repeat(40),
      minBuyAmount: 1000n + BigInt(i),
      recipient: k.address,
      sourceChainId: 1,
      destinationChainId: i % 4 === 3 ? 10 : 1,
      nonce: BigInt(i),
      deadline: 2_000_000_000,
    };
    const hash = P.hashIntent(intent);
    return { hash, json: P.serializeSignedIntent({ intent, signature: k.signDigest(hash) }) };
  });
}
