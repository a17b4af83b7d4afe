import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ErrorCodes } from '@intentmesh/protocol';
import { ErrorSchema, componentSchemas } from './openapi';

type Operation = {
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
};
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
const CODE = /\b[A-Z][A-Z0-9_]{2,}\b/g;

/** The error body with `code` narrowed to the codes a response can carry, so clients can switch on them exhaustively. */
function errorSchemaFor(codes: string[]) {
  const error = ErrorSchema.properties.error;
  return {
    ...ErrorSchema,
    properties: { error: { ...error, properties: { ...error.properties, code: { type: 'string', enum: codes } } } },
  };
}

/**
 * Every route's error responses list their stable codes as an enum (read from the response's description, which
 * names them), and every route also documents what any request can meet: 429 RATE_LIMITED (the per-IP limit) and,
 * on GET, 400 UNKNOWN_FILTER for a query parameter it does not take.
 */
function documentErrors(doc: OpenAPIObject): void {
  for (const item of Object.values(doc.paths)) {
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (!op) continue;
      const responses = (op.responses ??= {});
      const add = (status: string, code: string, description: string) => {
        const r = responses[status];
        if (!r) responses[status] = { description };
        else if (!(r.description ?? '').includes(code)) r.description = `${r.description}; ${description}`;
      };
      add('429', 'RATE_LIMITED', 'RATE_LIMITED: the per-IP request limit; retry after Retry-After');
      if (method === 'get') add('400', 'UNKNOWN_FILTER', 'UNKNOWN_FILTER: a query parameter this route does not take');
      for (const [status, r] of Object.entries(responses)) {
        if (Number(status) < 400) continue;
        const codes = [...new Set((r.description ?? '').match(CODE) ?? [])].filter((c) => c in ErrorCodes);
        if (!codes.length) continue;
        r.content = { 'application/json': { schema: errorSchemaFor(codes) } };
      }
    }
  }
}

/** The OpenAPI document of a built app, with the named wire schemas the SDK's types are generated from. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('IntentMesh API')
    .setDescription('Submit signed intents, follow them to an award, and read every auction record.')
    .setVersion('1')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer('/', 'The API that serves this document')
    .build();
  const doc = SwaggerModule.createDocument(app, config);
  // no route takes credentials: intents, cancels and bids carry their own signatures
  doc.security = [];
  doc.components = {
    ...doc.components,
    schemas: {
      ...(doc.components?.schemas ?? {}),
      ...(componentSchemas as NonNullable<OpenAPIObject['components']>['schemas']),
    },
  };
  documentErrors(doc);
  return doc;
}
