import { RequestOne } from '@nats-io/nats-core/internal';

type Request = {
  answered?: boolean;
  timer?: { cancel(): void };
  mux?: { cancel(r: unknown): void };
  resolver(err: Error | null, msg: unknown): void;
  cancel(err?: Error): void;
};

let patched = false;

/**
 * nats-core 3.4's `RequestOne.resolver` calls `cancel()` after every answered request, which builds a
 * `RequestError('cancelled')` with a stack trace to reject a promise already settled (about 8 µs per JetStream publish in
 * bench:pipeline's API). After an answer, cancelling only needs the timer stopped and the reply slot freed; every other
 * cancel (a timeout, a closed connection) still goes through the library's own path.
 */
export function skipCancelAfterAnswer(): void {
  if (patched) return;
  patched = true;
  const proto = RequestOne.prototype as unknown as Request;
  const { resolver, cancel } = proto;
  // another nats-core release may have reshaped RequestOne: then its own path stays, untouched
  if (typeof resolver !== 'function' || typeof cancel !== 'function' || resolver.length !== 2) return;
  proto.resolver = function (this: Request, err, msg) {
    this.answered = true;
    resolver.call(this, err, msg);
  };
  proto.cancel = function (this: Request, err) {
    if (!this.answered || err) return cancel.call(this, err);
    this.timer?.cancel();
    this.mux?.cancel(this);
  };
}
