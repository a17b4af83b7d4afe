import { IntentMeshError, type Hex } from '@intentmesh/protocol';
import { readKeystoreFile } from '@intentmesh/runtime';

export type LoadKeyParameters = {
  /** A raw 0x key (from the environment). */
  privateKey?: string;
  /** A Web3 Secret Storage v3 keystore file, and its password (else asked for on the terminal). */
  keystore?: string;
  password?: string;
  /** Names the variables in messages, e.g. INTENTMESH for INTENTMESH_PRIVATE_KEY. */
  envPrefix: string;
};

/** A signing key from a keystore (password from the environment or a hidden prompt) or a raw key; never printed. */
export async function loadKey({ privateKey, keystore, password, envPrefix }: LoadKeyParameters): Promise<Hex> {
  if (keystore) {
    const pw = password ?? (await promptHidden(`Password for ${keystore}: `));
    try {
      return readKeystoreFile(keystore, pw);
    } catch (cause) {
      throw new IntentMeshError(`Cannot use the keystore ${keystore}: ${(cause as Error).message}`, {
        code: 'KEY_UNAVAILABLE',
        cause,
      });
    }
  }
  if (privateKey) {
    if (!/^0x[0-9a-fA-F]{64}$/.test(privateKey))
      throw new IntentMeshError(`${envPrefix}_PRIVATE_KEY must be 0x followed by 64 hex digits.`, {
        code: 'KEY_UNAVAILABLE',
      });
    return privateKey as Hex;
  }
  throw new IntentMeshError(
    `No key: set ${envPrefix}_PRIVATE_KEY, or pass --keystore <file> (password from ${envPrefix}_KEYSTORE_PASSWORD or the prompt).`,
    { code: 'KEY_UNAVAILABLE' },
  );
}

/** The key of `<prefix>_PRIVATE_KEY`, or of the keystore given by --keystore or `<prefix>_KEYSTORE`. */
export function loadEnvKey(
  envPrefix: string,
  env: Record<string, string | undefined>,
  keystoreFlag: string | undefined,
): Promise<Hex> {
  return loadKey({
    privateKey: env[`${envPrefix}_PRIVATE_KEY`],
    keystore: keystoreFlag ?? env[`${envPrefix}_KEYSTORE`],
    password: env[`${envPrefix}_KEYSTORE_PASSWORD`],
    envPrefix,
  });
}

/** Reads a line from the terminal without echoing it. */
async function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY)
    throw new IntentMeshError(
      'The keystore password is needed, but there is no terminal to ask on: set the …_KEYSTORE_PASSWORD variable.',
      { code: 'KEY_UNAVAILABLE' },
    );
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  let pw = '';
  return new Promise((resolve, reject) => {
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(() => resolve(pw));
        if (ch === '\u0003') return done(() => reject(new IntentMeshError('Cancelled.', { code: 'KEY_UNAVAILABLE' })));
        if (ch === '\u007f') pw = pw.slice(0, -1);
        else pw += ch;
      }
    };
    const done = (then: () => void) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      then();
    };
    stdin.on('data', onData);
  });
}
