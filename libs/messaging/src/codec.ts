import { IntentMeshError } from '@intentmesh/protocol';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

/** Every NATS edge decodes through here, so garbage becomes MALFORMED_JSON and never an exception elsewhere. */
export function decodeJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(data));
  } catch (cause) {
    throw new IntentMeshError('The message is not valid JSON.', { code: 'MALFORMED_JSON', cause });
  }
}
