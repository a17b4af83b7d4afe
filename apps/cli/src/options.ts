import { createIntentMeshClient } from '@intentmesh/sdk';
import { IntentMeshError } from '@intentmesh/protocol';
import type { CommandIO } from './command';

/** parseArgs options for flags that take a value (`--name VALUE`), named once each. */
export function valueFlags<const N extends string>(...names: N[]): { [K in N]: { type: 'string' } } {
  return Object.fromEntries(names.map((name) => [name, { type: 'string' }])) as { [K in N]: { type: 'string' } };
}

/** The flags of every command that talks to the API: --json output, and the API's --url. */
export const apiFlags = { json: { type: 'boolean' }, url: { type: 'string' } } as const;

/** The API client of --url, else INTENTMESH_URL, else the local default. */
export function apiClient(url: string | undefined, io: CommandIO) {
  return createIntentMeshClient({ url: url ?? io.env.INTENTMESH_URL ?? 'http://127.0.0.1:3000' });
}

/** A flag's value as a whole number of at least `min`; undefined when the flag is absent. */
export function wholeNumber(flag: string, value: string | undefined, min = 0): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min)
    throw new IntentMeshError(
      `--${flag} must be a whole number${min > 0 ? ` >= ${min}` : ''}, not ${JSON.stringify(value)}.`,
      { code: 'INVALID_ARGUMENT', details: { field: flag } },
    );
  return Number(value);
}
