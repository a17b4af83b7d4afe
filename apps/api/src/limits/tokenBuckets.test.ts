import { TokenBuckets } from './tokenBuckets';

describe('api - token buckets', () => {
  it('allows the burst, refuses the next with a Retry-After, and refills at the rate', () => {
    let t = 0;
    const b = new TokenBuckets(2, 3, 'IP', () => t);
    for (let i = 0; i < 3; i++) b.take('a');
    expect(() => b.take('a')).toThrow(
      expect.objectContaining({ code: 'RATE_LIMITED', details: expect.objectContaining({ retryAfterSec: 1 }) }),
    );
    b.take('b'); // keys are independent
    t += 500; // one token back at 2/s
    b.take('a');
    expect(() => b.take('a')).toThrow(expect.objectContaining({ code: 'RATE_LIMITED' }));
  });
  it('forgets idle keys and can be switched off with a zero rate', () => {
    let t = 0;
    const b = new TokenBuckets(1, 1, 'IP', () => t);
    b.take('a');
    t += 61_000;
    b.take('b');
    expect(b.size).toBe(1);
    const off = new TokenBuckets(0, 0, 'IP');
    for (let i = 0; i < 1000; i++) off.take('x');
  });
});
