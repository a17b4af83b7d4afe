import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { componentSchemas } from './openapi';

/** The OpenAPI document of a built app, with the named wire schemas the SDK's types are generated from. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('IntentMesh API')
    .setDescription('Submit signed intents, follow them to an award, and read every auction record.')
    .setVersion('1')
    .build();
  const doc = SwaggerModule.createDocument(app, config);
  doc.components = { ...doc.components, schemas: { ...(doc.components?.schemas ?? {}), ...(componentSchemas as NonNullable<OpenAPIObject['components']>['schemas']) } };
  return doc;
}
