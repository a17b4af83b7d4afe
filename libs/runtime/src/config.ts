import { z } from 'zod';

/** Environment variables every app shares. Apps extend this with their own. */
export const baseEnvSchema = z.object({
  NATS_URL: z.string().min(1).optional(),
  /** Prefix for every subject and the stream name: isolates deployments and test runs on one server. */
  NATS_PREFIX: z.string().regex(/^[A-Za-z0-9_-]*$/, 'letters, digits, _ and - only').default(''),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  DATA_DIR: z.string().default('.data'),
  /** How long the stream waits for an intent's ack before redelivering it (covers a crashed auctioneer). */
  INTENT_ACK_WAIT_MS: z.coerce.number().int().min(500).default(10_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type BaseEnv = z.output<typeof baseEnvSchema>;

export const intFromEnv = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);

/** Parses the environment once at start; a bad variable stops the process with a message naming it. */
export function parseEnv<T extends z.ZodType>(schema: T, env: Record<string, string | undefined>): z.output<T> {
  const r = schema.safeParse(env);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
  throw new Error(`Invalid configuration:\n${lines}`);
}

/** "chainId=http(s)://url,...": JSON-RPC endpoints per chain (settlement watcher, solvers that settle). */
export const chainRpcUrlsFromEnv = () =>
  z
    .string()
    .default('')
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean).map((x) => [x.slice(0, x.indexOf('=')), x.slice(x.indexOf('=') + 1)]))
    .refine((l) => l.every(([id, url]) => /^[1-9][0-9]*$/.test(id) && /^https?:\/\/\S+$/.test(url)), 'must be "chainId=http(s)://url" pairs, comma-separated')
    .transform((l) => l.map(([id, url]) => ({ chainId: Number(id), url })));
