/** One CLI command: its own file under commands/, registered in main.ts. */
export type CommandIO = {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
};
export type Command = {
  name: string;
  summary: string;
  /** Full --help text: usage, options, examples. */
  help: string;
  /** Returns the exit code; throw IntentMeshError for a refusal with a stable code. */
  run(args: string[], io: CommandIO): Promise<number>;
};
