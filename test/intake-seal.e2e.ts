import { randomBytes } from 'node:crypto';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createNatsMessaging, encodeJson, INTAKE_SEAL_HEADER, sealIntake } from '@intentmesh/messaging';
import { hashIntent, serializeIntent, signIntent, type Address, type Hex } from '@intentmesh/protocol';
import { openStorage } from '@intentmesh/storage';
import { createIntentMeshClient } from '@intentmesh/sdk';
import { signatureChecks } from './support/http';
import { waitFor } from './support/processes';
import { useMarketplace } from './support/marketplace';
import { demoMarket, planIntents, submitAll } from './support/trader';
import { useStarted } from './support/useStarted';

describe('intake seal - the auctioneer takes the API recovery only under the shared INTAKE_KEY (real NATS and PostgreSQL)', () => {
  const intakeKey = randomBytes(32).toString('hex');
  const m = useMarketplace('seal', { INTAKE_KEY: intakeKey });
  // the marketplace's own bus and store, reached around the API as a forger on the bus would
  const bus = useStarted(
    'the forger bus',
    () => createNatsMessaging({ servers: 'nats://127.0.0.1:4222', name: 'forger', prefix: m.prefix }),
    (b) => b.close(),
    30_000,
  );
  const storage = useStarted(
    'the seal store',
    () => openStorage({ databaseUrl: m.db.url }),
    (s) => s.close(),
    30_000,
  );

  it('intake seal - intents through the API are sealed and awarded without a second recovery', async () => {
    const planned = planIntents(demoMarket(), 6, { unfillableEvery: 1000 });
    const before = await signatureChecks(m.url);
    const hashes = await submitAll(m.url, planned);
    const client = createIntentMeshClient({ url: m.url });
    await waitFor(
      'the sealed intents to be awarded',
      async () => (await Promise.all(hashes.map((h) => client.getIntent(h)))).every((v) => v.status === 'awarded'),
      20_000,
      200,
    );
    const after = await signatureChecks(m.url);
    expect(after.sealed - before.sealed).toBeGreaterThanOrEqual(6);
    expect(after.recovered).toBe(before.recovered);
  }, 60_000);

  it('intake seal - a forged stream message (bad signature, wrong-key or no seal) is recovered, refused and never auctioned; an honest unsealed one is recovered and awarded', async () => {
    const [forgedBadSeal, forgedNoSeal, honest] = planIntents(demoMarket(), 3, { unfillableEvery: 1000 }).map((p) => ({
      ...p,
      intent: { ...p.intent, nonce: p.intent.nonce + 1_000_000n },
    }));
    const stranger = privateKeyToAccount(generatePrivateKey());
    const wrongKey = new Uint8Array(randomBytes(32));
    // the rows exist as if the API had accepted them, so only the auctioneer's own check stands between them and an auction
    const put = async (p: typeof honest, signer: typeof stranger, seal?: Uint8Array): Promise<Hex> => {
      const hash = hashIntent(p.intent);
      const wire = { intent: serializeIntent(p.intent), signature: await signIntent(p.intent, signer) };
      await storage.intents.insertMany([{ hash, ...wire }]);
      const data = encodeJson(wire);
      const headers = seal
        ? { [INTAKE_SEAL_HEADER]: sealIntake(seal, hash, p.intent.swapper as Address, data) }
        : undefined;
      await bus.stream.publish(bus.subjects.intents(p.intent.sourceChainId), data, hash, headers);
      return hash;
    };
    const before = await signatureChecks(m.url);
    const badSeal = await put(forgedBadSeal, stranger, wrongKey);
    const noSeal = await put(forgedNoSeal, stranger);
    const good = await put(honest, honest.account);
    const client = createIntentMeshClient({ url: m.url });
    await waitFor(
      'the honest unsealed intent to be awarded',
      async () => (await client.getIntent(good)).status === 'awarded',
      20_000,
      200,
    );
    // the forgeries came first on the stream: they were read before the honest one and held out of every cut since
    const after = await signatureChecks(m.url);
    expect(after.recovered - before.recovered).toBeGreaterThanOrEqual(3);
    expect(after.sealed).toBe(before.sealed);
    const statuses = await storage.intents.statuses([badSeal, noSeal]);
    expect([statuses.get(badSeal), statuses.get(noSeal)]).toEqual(['pending', 'pending']);
  }, 60_000);
});
