// A bare NestJS app with one JSON route, run as its own process: the framework's ceiling, the baseline of bench:api.
// Prints its port on stdout once listening.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('reflect-metadata');
const { Controller, Get, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');

class BareController {
  ping() {
    return { ok: true };
  }
}
Get('ping')(BareController.prototype, 'ping', Object.getOwnPropertyDescriptor(BareController.prototype, 'ping'));
Controller()(BareController);
class BareModule {}
Module({ controllers: [BareController] })(BareModule);
const app = await NestFactory.create(BareModule, { logger: false });
await app.listen(0, '127.0.0.1');
console.log(app.getHttpServer().address().port);
