import type { Command } from './command';

/** Registered commands; each lives in commands/<name>.ts and calls register() when imported. */
export const commands: Command[] = [];

export function register(command: Command): void {
  commands.push(command);
}
