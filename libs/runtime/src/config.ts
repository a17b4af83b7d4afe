import { z } from 'zod';
import { toAddress } from '@intentmesh/protocol';

/** Environment variables every app shares. Apps extend this with their own. */
export const baseEnvSchema = z.object({
  /** One NATS server or a comma-separated list of a cluster's servers. */
  NATS_URL: z.string().min(1).optional(),
  /** This role's credentials on an authenticated server: an nkey seed (preferred), or a user and password. */
  NATS_NKEY_SEED: z
    .string()
    .regex(/^SU[A-Z2-7]{56}$/, 'must be a user nkey seed (SU...)')
    .optional(),
  NATS_USER: z.string().min(1).optional(),
  NATS_PASS: z.string().optional(),
  /** JetStream replicas of the intent stream and its consumer (1 on one server, 3 on a 3-node cluster). */
  NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  /** Prefix for every subject and the stream name: isolates deployments and test runs on one server. */
  NATS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/, 'letters, digits, _ and - only')
    .default(''),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  /** PostgreSQL connections: at most DATABASE_POOL_SIZE open; DATABASE_POOL_MIN opened and warmed at start and kept. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).default(10),
  DATABASE_POOL_MIN: z.coerce.number().int().min(0).default(4),
  DATA_DIR: z.string().default('.data'),
  /** How long the stream waits for an intent's ack before redelivering it (covers a crashed auctioneer). */
  INTENT_ACK_WAIT_MS: z.coerce.number().int().min(500).default(10_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type BaseEnv = z.output<typeof baseEnvSchema>;

export const intFromEnv = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);

/** A 0x address, lowercased; its case is not checksum-checked (a variable is typed by hand), e.g. AUCTIONEER_ADDRESS. */
export const addressFromEnv = () =>
  z
    .string()
    .regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 0x address')
    .transform((a) => toAddress(a.toLowerCase()));

/** Parses the environment once at start; a bad variable stops the process with a message naming it. */
export function parseEnv<T extends z.ZodType>(schema: T, env: Record<string, string | undefined>): z.output<T> {
  const r = schema.safeParse(env);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
  throw new Error(`Invalid configuration:\n${lines}`);
}

/** A shared secret of at least 32 bytes in hex (`openssl rand -hex 32`), e.g. INTAKE_KEY; unset is none. */
export const secretKeyFromEnv = () =>
  z
    .string()
    .regex(/^(0x)?([0-9a-fA-F]{2}){32,}$/, 'must be at least 32 bytes of hex (openssl rand -hex 32)')
    .transform((s) => new Uint8Array(Buffer.from(s.replace(/^0x/, ''), 'hex')))
    .optional();

/** A comma-separated variable's entries, trimmed; empty ones dropped. */
export const commaList = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** "1,10": comma-separated chain ids (empty: all chains), e.g. SOLVER_CHAINS. */
export const chainIdListFromEnv = () =>
  z
    .string()
    .default('')
    .refine(
      (s) => s.split(',').every((x) => x.trim() === '' || /^[1-9][0-9]*$/.test(x.trim())),
      'must be chain ids, comma-separated',
    )
    .transform((s) => commaList(s).map(Number));

/** "key<sep>value,..." (each split at its first `sep`; empty is none), every pair checked by `valid`. */
export const pairListFromEnv = (sep: string, valid: (key: string, value: string) => boolean, message: string) =>
  z
    .string()
    .default('')
    .transform((s) =>
      commaList(s).map((x): [string, string] =>
        x.includes(sep) ? [x.slice(0, x.indexOf(sep)), x.slice(x.indexOf(sep) + 1)] : [x, ''],
      ),
    )
    .refine((l) => l.every(([k, v]) => valid(k, v)), message);

/** "chainId=http(s)://url,...": JSON-RPC endpoints per chain (settlement watcher, solvers that settle). */
export const chainRpcUrlsFromEnv = () =>
  pairListFromEnv(
    '=',
    (id, url) => /^[1-9][0-9]*$/.test(id) && /^https?:\/\/\S+$/.test(url),
    'must be "chainId=http(s)://url" pairs, comma-separated',
  ).transform((l) => l.map(([id, url]) => ({ chainId: Number(id), url })));

/** The connection settings every app derives from the shared variables. */
export function natsOptionsFromEnv(env: BaseEnv & { NATS_URL: string }, name: string, inboxPrefix?: string) {
  return {
    servers: env.NATS_URL,
    name,
    prefix: env.NATS_PREFIX,
    ackWaitMs: env.INTENT_ACK_WAIT_MS,
    replicas: env.NATS_STREAM_REPLICAS,
    nkeySeed: env.NATS_NKEY_SEED,
    user: env.NATS_USER,
    pass: env.NATS_PASS,
    inboxPrefix,
  };
}
