import { parseArgs } from 'node:util';
import {
  IntentMeshError,
  createDigestSigner,
  regionSchema,
  signSolverVoucher,
  toAddress,
  type Hex,
} from '@intentmesh/protocol';
import { loadEnvKey } from '../keys';
import { valueFlags } from '../options';
import { register } from '../registry';

register({
  name: 'solver vouch',
  summary: 'As an operator, sign a voucher that registers a solver key with the auctioneer',
  help: `Usage: intentmesh solver vouch <solverAddress> [--days N] [--region R] [--keystore FILE] [--json]

Signs an EIP-712 SolverVoucher with the operator key (OPERATOR_PRIVATE_KEY, or --keystore with
OPERATOR_KEYSTORE_PASSWORD or a prompt) for the solver key, valid for --days (default 30), and prints
it as JSON. The solver passes it as OPERATOR_VOUCHER; the kit countersigns it with the solver key
(proof of possession: an operator cannot claim a key it does not hold) and hands it to the auctioneer
on auctioneer.vouch, which accepts it if the operator is bonded there (OPERATOR_BONDS).
Bonds, reputation and seats belong to the operator: all its keys share them.
--region signs where the key runs into the voucher (version 2; an auctioneer's AUCTION_REGION): it
overrides the region the key declares itself (SOLVER_REGION), and is overridden by a region given
for the operator in the auctioneer's OPERATOR_BONDS.

Examples:
  OPERATOR_PRIVATE_KEY=0x... intentmesh solver vouch 0x1234...abcd > voucher.json
  intentmesh solver vouch 0x1234...abcd --keystore operator.json --days 7 --region eu`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        days: { type: 'string', default: '30' },
        ...valueFlags('region', 'keystore'),
        json: { type: 'boolean' },
      },
    });
    const solver = positionals[0];
    if (!solver || !/^0x[0-9a-fA-F]{40}$/.test(solver))
      throw new IntentMeshError("solver vouch needs the solver key's address: intentmesh solver vouch 0x…", {
        code: 'INVALID_ADDRESS',
      });
    const days = Number(values.days);
    if (!Number.isInteger(days) || days < 1 || days > 365)
      throw new IntentMeshError('--days must be a whole number from 1 to 365.', { code: 'INVALID_ARGUMENT' });
    const region = values.region;
    if (region !== undefined && !regionSchema.safeParse(region).success)
      throw new IntentMeshError('--region must be 1-32 of a-z, 0-9 and - (e.g. eu, us-east).', {
        code: 'INVALID_ARGUMENT',
      });
    const key = await loadEnvKey('OPERATOR', io.env, values.keystore);
    const operator = createDigestSigner(key);
    const salt = `0x${Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(32))).toString('hex')}` as Hex;
    const voucher = signSolverVoucher(
      {
        solver: toAddress(solver, 'the solver address'),
        operator: operator.address,
        salt,
        expiry: Math.floor(Date.now() / 1000) + days * 86_400,
        ...(region !== undefined ? { region } : {}),
      },
      operator,
    );
    // the voucher itself is the output in both modes: it is what the solver needs
    io.out(JSON.stringify(voucher));
    return 0;
  },
});
