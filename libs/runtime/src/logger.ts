import pino from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs; keys and tokens are redacted wherever they appear. */
export function createLogger(name: string, level = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      name,
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}

/** Fields that may hold secrets, at the top level or one object down (a parsed env, a config, a keystore option). */
const SECRET_FIELDS = [
  'privateKey',
  'adminToken',
  'authorization',
  'password',
  'AUCTIONEER_PRIVATE_KEY',
  'SOLVER_PRIVATE_KEY',
  'AUCTIONEER_KEYSTORE_PASSWORD',
  'SOLVER_KEYSTORE_PASSWORD',
  'OPERATOR_PRIVATE_KEY',
  'INTAKE_KEY',
  'intakeKey',
];
const REDACTED_PATHS = SECRET_FIELDS.flatMap((f) => [f, `*.${f}`]);
