import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { lastValueFrom, isObservable } from 'rxjs';
import { IntentMeshError } from '@intentmesh/protocol';
import { decodeJson, encodeJson } from './codec';
import type { Bus, BusSubscription } from './types';

/**
 * A NestJS microservice transport over our Bus, so @MessagePattern/@EventPattern handlers run
 * unchanged on real NATS and on the embedded in-process bus. Patterns are logical names that
 * `resolveSubject` turns into (prefixed) subjects.
 */
export class BusServer extends Server implements CustomTransportStrategy {
  private subs: BusSubscription[] = [];

  constructor(
    private readonly bus: Bus,
    private readonly resolveSubject: (pattern: string) => string = (p) => p,
  ) {
    super();
  }

  listen(callback: () => void): void {
    for (const [pattern, handler] of this.messageHandlers) {
      const subject = this.resolveSubject(pattern);
      this.subs.push(
        this.bus.subscribe(subject, async (msg) => {
          let reply: unknown;
          try {
            const data = decodeJson(msg.data);
            const result = await handler(data, { subject: msg.subject });
            reply = isObservable(result) ? await lastValueFrom(result) : result;
          } catch (err) {
            reply =
              err instanceof IntentMeshError
                ? err.toJSON()
                : { error: { code: 'INTERNAL', message: 'internal error' } };
          }
          if (!handler.isEventHandler && msg.respond) msg.respond(encodeJson(reply ?? null));
        }),
      );
    }
    callback();
  }

  close(): void {
    for (const s of this.subs) s.unsubscribe();
    this.subs = [];
  }

  on(): void {
    // the bus reports connection state through Bus.isConnected
  }

  unwrap<T>(): T {
    return this.bus as unknown as T;
  }
}
