import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOpenApiDocument } from './main';

type Doc = {
  security?: unknown[];
  servers?: { url: string }[];
  paths: Record<
    string,
    Record<
      string,
      {
        responses: Record<
          string,
          {
            content?: Record<
              string,
              { schema: { properties: { error: { properties: { code: { enum?: string[] } } } } } }
            >;
          }
        >;
      }
    >
  >;
  components: { schemas: Record<string, { properties: Record<string, { nullable?: boolean; type?: string }> }> };
};
const codesOf = (doc: Doc, path: string, method: string, status: string) =>
  doc.paths[path]![method]!.responses[status]?.content?.['application/json']?.schema.properties.error.properties.code
    .enum;

describe('openapi - the document the API serves', () => {
  let doc: Doc;
  beforeAll(async () => {
    doc = (await createOpenApiDocument()) as unknown as Doc;
  }, 60_000);

  it('openapi - declares no security, names a server, and types the nullable award', () => {
    expect(doc.security).toEqual([]);
    expect(doc.servers?.length).toBeGreaterThan(0);
    expect(doc.components.schemas.IntentView!.properties.award).toMatchObject({ type: 'object', nullable: true });
  });

  it('openapi - every error response lists its codes as an enum; every route documents 429 and every GET 400 UNKNOWN_FILTER', () => {
    expect(codesOf(doc, '/v1/intents', 'post', '400')).toEqual(
      expect.arrayContaining(['MALFORMED_JSON', 'SCHEMA_INVALID', 'INVALID_SIGNATURE']),
    );
    expect(codesOf(doc, '/v1/intents', 'post', '409')).toEqual(['DUPLICATE_INTENT', 'NONCE_USED']);
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        expect([path, method, codesOf(doc, path, method, '429')]).toEqual([
          path,
          method,
          expect.arrayContaining(['RATE_LIMITED']),
        ]);
        if (method === 'get')
          expect([path, codesOf(doc, path, method, '400')]).toEqual([path, expect.arrayContaining(['UNKNOWN_FILTER'])]);
        for (const [status, r] of Object.entries(op.responses))
          if (Number(status) >= 400)
            expect([path, method, status, r.content]).not.toEqual([path, method, status, undefined]);
      }
    }
  });

  it('openapi - @redocly/cli lints it with 0 errors', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'im-openapi-')), 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    // throws (and fails the test) on a non-zero exit: redocly exits 1 on any error-level problem
    const out = execFileSync(
      join(__dirname, '../../../node_modules/.bin/redocly'),
      ['lint', file, '--format=summary'],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    );
    expect(out).not.toMatch(/^error/m);
  }, 60_000);
});
