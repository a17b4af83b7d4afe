/** What the auction house's parts log through (pino's Logger satisfies it). */
export type HouseLogger = {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
};
