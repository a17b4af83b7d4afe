import pino from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs; keys and tokens are redacted wherever they appear. */
export function createLogger(name: string, level = 'info'): Logger {
  return pino({
    name,
    level,
    redact: { paths: ['*.privateKey', 'privateKey', '*.adminToken', 'adminToken', '*.authorization'], censor: '[redacted]' },
  });
}
