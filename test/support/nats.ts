import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { createSubjects } from '@intentmesh/protocol';

/** Removes the stream a test run created under its prefix, so runs leave nothing on the shared server. */
export async function dropStream(prefix: string, servers = 'nats://127.0.0.1:4222'): Promise<void> {
  const nc = await connect({ servers });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(createSubjects(prefix).streamName).catch(() => undefined);
  } finally {
    await nc.close();
  }
}
