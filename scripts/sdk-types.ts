// Writes libs/sdk/src/generated/openapi.ts from the API's OpenAPI document (the app is built, never listens).
// scripts/build.mjs runs it whenever the file is missing or stale; the file is not committed.
import 'reflect-metadata';
import { writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openApiToTs, type OpenApiDocument } from './openapiToTs';

export const GENERATED_PATH = join(__dirname, '..', 'libs', 'sdk', 'src', 'generated', 'openapi.ts');

async function main(): Promise<void> {
  // the swc build (dist) keeps the decorator metadata Nest's injector needs; tsx's own transform does not
  const { createOpenApiDocument } = require('../apps/api/dist/main.js') as {
    createOpenApiDocument(): Promise<unknown>;
  };
  const doc = (await createOpenApiDocument()) as OpenApiDocument;
  mkdirSync(dirname(GENERATED_PATH), { recursive: true });
  // written whole, then renamed, so a type check or build running beside it never reads half a file
  const tmp = `${GENERATED_PATH}.${process.pid}.tmp`;
  writeFileSync(tmp, openApiToTs(doc));
  renameSync(tmp, GENERATED_PATH);
  process.stdout.write(`wrote ${GENERATED_PATH}\n`);
}

if (require.main === module)
  main().catch((err) => {
    process.stderr.write(`${err?.stack ?? err}\n`);
    process.exit(1);
  });
