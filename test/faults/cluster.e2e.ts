import { connect, nkeyAuthenticator } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createSubjects } from '@intentmesh/protocol';
import { startMarketplace } from '../support/marketplace';
import { report, settleAccepted } from '../support/outcomes';
import { waitFor } from '../support/processes';
import { secureRoles, startSecureNats, TEST_NATS_PORT, TEST_ROUTE_PORT } from '../support/secureNats';
import { demoMarket, planIntents, submitTolerant } from '../support/trader';

describe('faults - a 3-node NATS cluster with JetStream R3', () => {
  it('cluster - killing the intent stream leader under load loses no intent and awards none twice', async () => {
    const solverKeys = [generatePrivateKey(), generatePrivateKey(), generatePrivateKey()];
    const prefix = `cl${process.pid}`;
    const roles = secureRoles(solverKeys.map((k) => privateKeyToAccount(k).address));
    const nats = await startSecureNats({ roles, nodes: 3, port: TEST_NATS_PORT + 20, routePort: TEST_ROUTE_PORT + 20 });
    // JetStream needs its meta leader before the first stream can be created
    const admin = await connect({
      servers: nats.url,
      authenticator: nkeyAuthenticator(new TextEncoder().encode(roles.auctioneer)),
      inboxPrefix: '_INBOX_auctioneer',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 100,
    });
    const jsm = await waitFor(
      'the JetStream meta leader',
      () => jetstreamManager(admin).then((j) => j.getAccountInfo().then(() => j)),
      30_000,
      250,
    );
    const m = await startMarketplace(
      'cluster',
      {
        NATS_STREAM_REPLICAS: '3',
        INTENT_ACK_WAIT_MS: '3000',
        RECONCILE_INTERVAL_MS: '1000',
        RECONCILE_STALE_MS: '5000',
      },
      { secureNats: { url: nats.url, roles }, solverKeys, prefix },
    );
    try {
      const stream = createSubjects(prefix).streamName;
      const info = await waitFor(
        'the stream with three replicas',
        async () => {
          const i = await jsm.streams.info(stream);
          return i.cluster?.leader && (i.cluster.replicas?.length ?? 0) === 2 ? i : undefined;
        },
        30_000,
        250,
      );
      const planned = planIntents(demoMarket(), 200);
      const submitting = submitTolerant(m.url, planned, 8, Date.now() + 120_000);
      await new Promise((r) => setTimeout(r, 1500));
      const leader = info.cluster!.leader!;
      const killed = Number(leader.slice(1)) - 1;
      const t0 = Date.now();
      await nats.kill(killed);
      // recovered: another node leads the stream and a JetStream write through the API is acknowledged again
      const newLeader = await waitFor(
        'a new stream leader',
        async () => {
          const i = await jsm.streams.info(stream).catch(() => undefined);
          return i?.cluster?.leader && i.cluster.leader !== leader ? i.cluster.leader : undefined;
        },
        30_000,
        50,
      );
      const electedMs = Date.now() - t0;
      const { accepted, refused } = await submitting;
      const recoveryMs = Date.now() - t0;
      const out = await settleAccepted(m.db.url, planned, accepted, 120_000);
      console.log(
        JSON.stringify({
          killed: leader,
          newLeader,
          electedMs,
          accepted: accepted.length,
          refused,
          lost: out.lost,
          doubleAwards: out.doubleAwards,
        }),
      );
      report({
        drill: 'kill the JetStream stream leader (3-node cluster, R3)',
        accepted: accepted.length,
        refusedWhileElecting: refused,
        lost: out.lost,
        doubleAwards: out.doubleAwards,
        worstRecoveryMs: electedMs,
        leaderElectedMs: electedMs,
        loadDrainedMs: recoveryMs,
        survived: out.lost === 0 && out.doubleAwards === 0 && out.chainOk && accepted.length === planned.length,
      });
      expect(accepted.length).toBe(planned.length);
      expect(out.lost).toBe(0);
      expect(out.doubleAwards).toBe(0);
      expect(out.chainOk).toBe(true);
    } finally {
      await m.stop();
      await admin.close();
      await nats.stop();
    }
  }, 400_000);
});
