import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { DECORATORS } from '@nestjs/swagger';
import { IntentMeshError } from '@intentmesh/protocol';

type Parameter = { name: string; in: string };

/**
 * Refuses a query parameter the route does not document (its @ApiQuery list), on every route: a typo such as
 * `?chainid=10` must never silently widen a result. The OpenAPI document is the allow-list, so the two cannot drift.
 */
@Injectable()
export class QueryAllowList implements CanActivate {
  private readonly known = new WeakMap<object, string[]>();

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context
      .switchToHttp()
      .getRequest<{ query?: Record<string, unknown>; method: string; route?: { path?: string } }>();
    const given = Object.keys(req.query ?? {});
    if (!given.length) return true;
    const handler = context.getHandler();
    let known = this.known.get(handler);
    if (!known) {
      const params = (Reflect.getMetadata(DECORATORS.API_PARAMETERS, handler) ?? []) as Parameter[];
      known = params.filter((p) => p.in === 'query').map((p) => p.name);
      this.known.set(handler, known);
    }
    const unknown = given.filter((k) => !known.includes(k));
    if (!unknown.length) return true;
    const route = `${req.method} ${req.route?.path ?? ''}`.trim();
    throw new IntentMeshError(
      `${route} does not take ${unknown.map((k) => `"${k}"`).join(', ')}; ${known.length ? `it takes ${known.join(', ')}` : 'it takes no query parameters'}.`,
      { code: 'UNKNOWN_FILTER', details: { unknown, known } },
    );
  }
}
