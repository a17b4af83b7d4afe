import { RecordCache } from './recordCache';

const body = (s: string) => Buffer.from(s);

describe('api - RecordCache', () => {
  it('returns what was stored and counts hits and misses', () => {
    const c = new RecordCache(1000);
    expect(c.get('a')).toBeUndefined();
    c.set('a', body('{"a":1}'));
    expect(c.get('a')?.toString()).toBe('{"a":1}');
    expect(c.stats).toMatchObject({ hits: 1, misses: 1 });
  });

  it('stays within its byte bound, evicting the least recently used first', () => {
    const c = new RecordCache(30);
    c.set('a', body('x'.repeat(10)));
    c.set('b', body('y'.repeat(10)));
    c.get('a'); // a is now more recent than b
    c.set('c', body('z'.repeat(15)));
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBeDefined();
    expect(c.get('c')).toBeDefined();
    expect(c.size.bytes).toBeLessThanOrEqual(30);
    expect(c.stats.evictions).toBe(1);
  });

  it('never keeps a body larger than the whole bound', () => {
    const c = new RecordCache(5);
    c.set('big', body('123456'));
    expect(c.get('big')).toBeUndefined();
    expect(c.size).toEqual({ entries: 0, bytes: 0 });
  });
});
