import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  createIntentMeshClient,
  verifyAuction,
  verifyChain,
  type AuctionRecordJSON,
  type AuditProblem,
} from '@intentmesh/sdk';
import { IntentMeshError, addressSchema, bytes32Schema, parseOrThrow, type Hex } from '@intentmesh/protocol';
import { register } from '../registry';

type Lapse = {
  intentHash: string;
  solver: string;
  operator: string;
  kind: string;
  settleBy: number;
  block?: number;
  reason?: string;
};
type Verdict = { auctionId: string; seq: number; ok: boolean; problems: AuditProblem[]; lapses: Lapse[] };

/** The lapse evidence a record carries, one line each: whose award ended unsettled, and the proof named. */
function lapsesOf(r: AuctionRecordJSON): Lapse[] {
  return (r.lapses ?? []).map((l) => ({
    intentHash: l.award.award.intentHash,
    solver: l.award.award.solver,
    operator: l.operator,
    kind: l.kind,
    settleBy: l.award.award.settleBy,
    ...(l.checkedBlock ? { block: l.checkedBlock.number } : {}),
    ...(l.report ? { reason: l.report.failure.reason } : {}),
  }));
}

register({
  name: 'audit',
  summary: 'Verify auction records: signatures, scores, winners and the hash chain',
  help: `Usage:
  intentmesh audit <auctionId> [--auctioneer ADDRESS] [--json] [--url URL]
  intentmesh audit --from <auctionId> --to <auctionId> [--auctioneer ADDRESS] [--json] [--url URL]
  intentmesh audit --file record.json --auctioneer ADDRESS [--json]

Re-checks each record offline with the SDK's verifyAuction: the record hash and the auctioneer's
signature, every intent and counted bid signature, the scores, the fairness filter, the winners,
the reference scores, every award, and the evidence of every lapsed award (listed under its record). A range (--from/--to, both ends included, one auctioneer)
also runs verifyChain, which names a removed, reordered or altered record. --file reads one record
or a JSON array of records (checked as a chain) without any network.

Pin the auctioneer you trust with --auctioneer or INTENTMESH_AUCTIONEER; without it the address is
taken from the record itself, which only proves the record is self-consistent (the output says so).

Prints one verdict per auction; exits 0 when every check passed, 1 on any failure, 2 on bad usage.

Options:
  --auctioneer ADDRESS   the auctioneer address to check signatures against
  --from ID, --to ID     an inclusive range of one auctioneer's records, fetched through the API
  --file PATH            a record (or an array of records) saved earlier, checked offline
  --json                 one JSON object: { ok, auctioneer, auctioneerSource, checked, auctions, chain }
  --url URL              the API (default INTENTMESH_URL or http://127.0.0.1:3000)

Examples:
  intentmesh audit 0x5c1f... --auctioneer 0x9b2e...
  intentmesh audit --from 0x5c1f... --to 0x77a0... --json
  curl -s $API/v1/auctions/0x5c1f... > record.json && intentmesh audit --file record.json --auctioneer 0x9b2e...`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        file: { type: 'string' },
        auctioneer: { type: 'string' },
        json: { type: 'boolean' },
        url: { type: 'string' },
      },
    });
    const modes = [
      positionals.length > 0,
      values.from !== undefined || values.to !== undefined,
      values.file !== undefined,
    ].filter(Boolean).length;
    if (modes !== 1 || positionals.length > 1 || (values.from === undefined) !== (values.to === undefined)) {
      io.err('audit needs exactly one of: an auction id, --from ID --to ID, or --file PATH (intentmesh audit --help).');
      return 2;
    }
    const pinnedRaw = values.auctioneer ?? io.env.INTENTMESH_AUCTIONEER;
    const pinned =
      pinnedRaw === undefined
        ? undefined
        : parseOrThrow(
            addressSchema,
            pinnedRaw,
            values.auctioneer !== undefined ? '--auctioneer' : 'INTENTMESH_AUCTIONEER',
          );
    if (values.file && !pinned) {
      io.err('audit --file needs the auctioneer you trust: --auctioneer 0x... (or INTENTMESH_AUCTIONEER).');
      return 2;
    }
    const id = (v: string, what: string) => parseOrThrow(bytes32Schema, v, what) as Hex;

    let records: AuctionRecordJSON[];
    let asChain: boolean;
    if (values.file) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(values.file, 'utf8'));
      } catch (err) {
        throw new IntentMeshError(`Could not read ${values.file} as JSON: ${(err as Error).message}`, {
          code: 'MALFORMED_JSON',
          details: { file: values.file },
        });
      }
      asChain = Array.isArray(parsed);
      records = (asChain ? parsed : [parsed]) as AuctionRecordJSON[];
      if (
        !records.length ||
        records.some((r) => typeof r !== 'object' || r === null || typeof r.auctionId !== 'string')
      ) {
        throw new IntentMeshError(
          `${values.file} holds no auction record (an object with auctionId, or an array of them).`,
          { code: 'SCHEMA_INVALID', details: { file: values.file } },
        );
      }
      // kept in the file's order: a reordered file is exactly what verifyChain is there to catch
    } else {
      const client = createIntentMeshClient({ url: values.url ?? io.env.INTENTMESH_URL ?? 'http://127.0.0.1:3000' });
      asChain = values.from !== undefined;
      records = asChain
        ? await client.getAuctionRange(id(values.from!, '--from'), id(values.to!, '--to'))
        : [await client.getAuction(id(positionals[0], 'auctionId'))];
    }

    const auctioneer = pinned ?? records[0].auctioneer.toLowerCase();
    const source = values.auctioneer !== undefined ? 'flag' : pinnedRaw !== undefined ? 'env' : 'record';
    const verdicts: Verdict[] = records.map((r) => {
      const v = verifyAuction(r, { auctioneer });
      return { auctionId: r.auctionId, seq: r.seq, ok: v.ok, problems: v.problems, lapses: lapsesOf(r) };
    });
    // chain problems that are not already a single record's own (links, order, gaps)
    const chain = asChain ? verifyChain(records, { auctioneer }) : undefined;
    const own = new Set(verdicts.flatMap((v) => v.problems.map((p) => `${p.seq}:${p.code}:${p.message}`)));
    const linkProblems = chain ? chain.problems.filter((p) => !own.has(`${p.seq}:${p.code}:${p.message}`)) : [];
    const ok = verdicts.every((v) => v.ok) && linkProblems.length === 0;

    if (values.json) {
      io.out(
        JSON.stringify({
          ok,
          auctioneer,
          auctioneerSource: source,
          checked: verdicts.length,
          auctions: verdicts,
          chain: chain && { ok: linkProblems.length === 0, problems: linkProblems },
        }),
      );
      return ok ? 0 : 1;
    }
    if (source === 'record')
      io.out(
        `auctioneer ${auctioneer} taken from the record, not pinned: this proves the record is self-consistent, not who ran it. Pass --auctioneer (or INTENTMESH_AUCTIONEER) to pin the one you trust.`,
      );
    else io.out(`auctioneer ${auctioneer} (pinned by ${source === 'flag' ? '--auctioneer' : 'INTENTMESH_AUCTIONEER'})`);
    for (const v of verdicts) {
      io.out(`${v.ok ? 'ok  ' : 'FAIL'}  seq ${v.seq}  ${v.auctionId}`);
      for (const p of v.problems) io.out(`        ${p.code}: ${p.message}`);
      for (const l of v.lapses) {
        const proof =
          l.kind === 'reported'
            ? `reported by the solver: ${l.reason}`
            : `no Settled event by settleBy ${l.settleBy}, chain read to block ${l.block}`;
        io.out(`        lapse: intent ${l.intentHash} awarded to ${l.solver} (operator ${l.operator}): ${proof}`);
      }
    }
    if (chain) {
      io.out(
        linkProblems.length
          ? `FAIL  chain of ${records.length} records:`
          : `ok    chain of ${records.length} records links seq ${records[0].seq} to ${records[records.length - 1].seq}`,
      );
      for (const p of linkProblems) io.out(`        ${p.code} at seq ${p.seq} (${p.auctionId}): ${p.message}`);
    }
    const failed = verdicts.filter((v) => !v.ok);
    io.out(
      ok
        ? `PASS: ${verdicts.length} auction(s) verified.`
        : `FAILED: ${failed.length} of ${verdicts.length} auction(s) failed${linkProblems.length ? `, ${linkProblems.length} chain problem(s)` : ''}: ${failed.map((v) => v.auctionId).join(', ')}`,
    );
    return ok ? 0 : 1;
  },
});
