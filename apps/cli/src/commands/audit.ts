import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  askContractSignatures,
  checkContractSignatures,
  verifyAuction,
  verifyChain,
  type AuctionRecordJSON,
  type AuditProblem,
  type ContractSignatureClients,
} from '@intentmesh/sdk';
import { IntentMeshError, addressSchema, bytes32Schema, parseOrThrow, type Hex } from '@intentmesh/protocol';
import { createPublicClient, http } from 'viem';
import { apiClient, apiFlags, valueFlags } from '../options';
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
/** A record's EIP-1271 intents: how many cite a source chain verdict, on which chains, and whether it was asked again. */
type ContractSignatures = { cited: number; chains: number[]; asked: boolean };
type Verdict = {
  auctionId: string;
  seq: number;
  ok: boolean;
  problems: AuditProblem[];
  lapses: Lapse[];
  contractSignatures?: ContractSignatures;
};

/** One read-only client per RPC, keyed by the chain id it reports. */
async function clientsFor(urls: string[]): Promise<ContractSignatureClients> {
  const clients = new Map<number, ReturnType<typeof createPublicClient>>();
  for (const url of urls) {
    if (!/^https?:\/\/\S+$/.test(url))
      throw new IntentMeshError(`--rpc-url ${url} is not an http(s) URL.`, {
        code: 'SCHEMA_INVALID',
        details: { field: '--rpc-url' },
      });
    const client = createPublicClient({ transport: http(url, { retryCount: 1 }) });
    const chainId = await client.getChainId().catch((cause: unknown) => {
      throw new IntentMeshError(`The RPC at ${url} did not answer eth_chainId; check the URL or retry.`, {
        code: 'CHAIN_UNAVAILABLE',
        details: { url },
        cause,
      });
    });
    clients.set(chainId, client);
  }
  return clients;
}

/** Asks each cited block again where an RPC for its chain was given; a failing RPC is an error, not a verdict. */
async function checkCited(
  r: AuctionRecordJSON,
  clients: ContractSignatureClients,
): Promise<{ info?: ContractSignatures; problems: AuditProblem[] }> {
  const cited = r.intents.flatMap((e) => (e.contractSignature ? [e.contractSignature.chainId] : []));
  if (!cited.length) return { problems: [] };
  const chains = [...new Set(cited)].sort((a, b) => a - b);
  const asked = clients.size > 0 && chains.every((c) => clients.has(c));
  const info = { cited: cited.length, chains, asked };
  if (!asked) return { info, problems: [] };
  const problems = await checkContractSignatures(r, askContractSignatures(clients)).catch((cause: unknown) => {
    if (cause instanceof IntentMeshError) throw cause;
    throw new IntentMeshError(
      `The chain RPC did not answer the EIP-1271 check of ${r.auctionId}: ${(cause as Error).message.split('\n')[0]}`,
      { code: 'CHAIN_UNAVAILABLE', details: { auctionId: r.auctionId }, cause },
    );
  });
  return { info, problems };
}

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
  intentmesh audit <auctionId> [--auctioneer ADDRESS] [--rpc-url URL]... [--json] [--url URL]
  intentmesh audit --from <auctionId> --to <auctionId> [--auctioneer ADDRESS] [--rpc-url URL]... [--json] [--url URL]
  intentmesh audit --file record.json --auctioneer ADDRESS [--rpc-url URL]... [--json]

Re-checks each record offline with the SDK's verifyAuction: the record hash and the auctioneer's
signature, every intent and counted bid signature, the scores, the fairness filter, the winners,
the reference scores, every award, and the evidence of every lapsed award (listed under its record). A range (--from/--to, both ends included, one auctioneer)
also runs verifyChain, which names a removed, reordered or altered record. --file reads one record
or a JSON array of records (checked as a chain) without any network.

A smart account's (EIP-1271) signature cannot be checked offline: the record cites the source chain
block at which the auctioneer's isValidSignature check approved it. With --rpc-url (or
INTENTMESH_RPC_URL, comma-separated) for that chain, audit asks the cited block again
(checkContractSignatures): another block hash or a refusal is BAD_CONTRACT_SIGNATURE. Without one
the output says the citation was taken as the auctioneer's signed claim.

Pin the auctioneer you trust with --auctioneer or INTENTMESH_AUCTIONEER; without it the address is
taken from the record itself, which only proves the record is self-consistent (the output says so).

Prints one verdict per auction; exits 0 when every check passed, 1 on any failure, 2 on bad usage.

Options:
  --auctioneer ADDRESS   the auctioneer address to check signatures against
  --from ID, --to ID     an inclusive range of one auctioneer's records, fetched through the API
  --file PATH            a record (or an array of records) saved earlier, checked offline
  --rpc-url URL          an RPC of a source chain (repeat for more chains), to ask cited EIP-1271 verdicts again
  --json                 one JSON object: { ok, auctioneer, auctioneerSource, checked, auctions, chain }
  --url URL              the API (default INTENTMESH_URL or http://127.0.0.1:3000)

Examples:
  intentmesh audit 0x5c1f... --auctioneer 0x9b2e...
  intentmesh audit --from 0x5c1f... --to 0x77a0... --json
  intentmesh audit 0x5c1f... --auctioneer 0x9b2e... --rpc-url http://127.0.0.1:8545
  curl -s $API/v1/auctions/0x5c1f... > record.json && intentmesh audit --file record.json --auctioneer 0x9b2e...`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ...valueFlags('from', 'to', 'file', 'auctioneer'),
        'rpc-url': { type: 'string', multiple: true },
        ...apiFlags,
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
      const client = apiClient(values.url, io);
      asChain = values.from !== undefined;
      records = asChain
        ? await client.getAuctionRange(id(values.from!, '--from'), id(values.to!, '--to'))
        : [await client.getAuction(id(positionals[0], 'auctionId'))];
    }

    const auctioneer = pinned ?? records[0].auctioneer.toLowerCase();
    const source = values.auctioneer !== undefined ? 'flag' : pinnedRaw !== undefined ? 'env' : 'record';
    const rpcUrls =
      values['rpc-url'] ??
      (io.env.INTENTMESH_RPC_URL ?? '')
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean);
    const clients = await clientsFor(rpcUrls);
    const verdicts: Verdict[] = [];
    for (const r of records) {
      const v = verifyAuction(r, { auctioneer });
      const { info, problems } = await checkCited(r, clients);
      verdicts.push({
        auctionId: r.auctionId,
        seq: r.seq,
        ok: v.ok && !problems.length,
        problems: [...v.problems, ...problems],
        lapses: lapsesOf(r),
        ...(info ? { contractSignatures: info } : {}),
      });
    }
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
      const cs = v.contractSignatures;
      if (cs)
        io.out(
          cs.asked
            ? `        EIP-1271: ${cs.cited} signature(s) asked again at the cited block on chain ${cs.chains.join(', ')}`
            : `        EIP-1271: ${cs.cited} signature(s) taken on the auctioneer's signed citation (chain ${cs.chains.join(', ')}); pass --rpc-url for it to ask the block again`,
        );
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
