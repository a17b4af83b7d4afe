/** What libs and apps log through: pino's loggers fit it, and so does a silent stub. */
export type Log = {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
};
