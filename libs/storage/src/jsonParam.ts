/**
 * A statement parameter whose value is the text `JSON.stringify(value)`. PgDb writes its UTF-8 bytes straight into
 * the Bind message (BindWriter); PGlite and any other path get the string.
 *
 * Why: a 100-intent auction record is ~340 KB of JSON. node-postgres takes a parameter as one string and measures it
 * with Buffer.byteLength, which first copies JSON.stringify's tree of parts into one flat string; V8 keeps a string that
 * large in its large-object space, one fresh mapping per string, so every record paid ~85 first-touch page faults for
 * a copy it threw away, and pg-protocol then grew a fresh 340 KB message buffer for it (more faults). Sending the bytes
 * as a binary parameter instead is no cure: PostgreSQL's binary text input copies a value twice where text input
 * copies it once, and the faults move to the server (BENCHMARKS.md, stop 27).
 */
export class JsonParam {
  constructor(readonly value: unknown) {}
}

/** The string any other path gets in place of a JsonParam. */
export function plainParams(params: unknown[] | undefined): unknown[] | undefined {
  return params?.some((v) => v instanceof JsonParam)
    ? params.map((v) => (v instanceof JsonParam ? JSON.stringify(v.value) : v))
    : params;
}

/** What node-postgres hands Connection.bind (pg-protocol's BindOpts). */
export type BindConfig = {
  portal?: string;
  statement?: string;
  binary?: boolean;
  values?: unknown[];
  valueMapper?: (value: unknown, index: number) => unknown;
};

/**
 * Writes PostgreSQL Bind messages into one buffer it keeps: byte for byte what pg-protocol's serialize.bind writes,
 * except that a JsonParam's JSON is written piece by piece as a text parameter (the top `depth` levels of its arrays
 * and objects walked here, everything below stringified natively, so no string is larger than one element of a
 * record). The message returned is a view into the buffer: valid until the next bind().
 */
export class BindWriter {
  private buf: Buffer;
  private at = 0;

  constructor(
    initialBytes = 64 * 1024,
    private readonly depth = 2,
  ) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  bind(config: BindConfig): Buffer {
    this.at = 0;
    const values = config.values ?? [];
    this.byte(0x42); // 'B'
    const lengthAt = this.skip(4);
    this.cstring(config.portal ?? '');
    this.cstring(config.statement ?? '');
    this.int16(values.length);
    const formatsAt = this.skip(values.length * 2);
    this.int16(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      let format = 0; // text
      if (v instanceof JsonParam) {
        const lenAt = this.skip(4);
        const start = this.at;
        // a value with no JSON text (undefined) is NULL, as pg sends an undefined parameter; measured before this.buf
        // is read, as writing may have grown it
        const n = this.json(v.value, '', this.depth) ? this.at - start : -1;
        this.buf.writeInt32BE(n, lenAt);
      } else {
        const mapped = config.valueMapper ? config.valueMapper(v, i) : v;
        if (mapped == null) this.int32(-1);
        else if (mapped instanceof Buffer) {
          format = 1; // binary
          this.int32(mapped.length);
          this.room(mapped.length);
          this.at += mapped.copy(this.buf, this.at);
        } else {
          const lenAt = this.skip(4);
          const n = this.text(String(mapped));
          this.buf.writeInt32BE(n, lenAt);
        }
      }
      this.buf.writeInt16BE(format, formatsAt + i * 2);
    }
    // one result format code for every column
    this.int16(1);
    this.int16(config.binary ? 1 : 0);
    this.buf.writeInt32BE(this.at - 1, lengthAt);
    return this.buf.subarray(0, this.at);
  }

  /** Writes one value as JSON.stringify would inside its holder; false when it has no JSON form (it is left out). */
  private json(v: unknown, key: string, depth: number): boolean {
    if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function')
      v = (v as { toJSON(k: string): unknown }).toJSON(key);
    if (depth > 0 && v !== null && typeof v === 'object' && !isBoxed(v)) {
      if (Array.isArray(v)) {
        if (depth === 1) return this.leafArray(v);
        this.text('[');
        for (let i = 0; i < v.length; i++) {
          if (i) this.text(',');
          // an element with no JSON form is written null, as JSON.stringify does
          if (!this.json(v[i], String(i), depth - 1)) this.text('null');
        }
        this.text(']');
        return true;
      }
      this.text('{');
      let first = true;
      for (const k of Object.keys(v)) {
        const mark = this.at;
        this.text(first ? JSON.stringify(k) + ':' : ',' + JSON.stringify(k) + ':');
        // a member with no JSON form is left out, its key with it
        if (this.json((v as Record<string, unknown>)[k], k, depth - 1)) first = false;
        else this.at = mark;
      }
      this.text('}');
      return true;
    }
    const s = JSON.stringify(v);
    if (s === undefined) return false;
    this.text(s);
    return true;
  }

  /**
   * An array whose elements are stringified natively, a slice of them per call (one native call and one write per
   * SLICE elements, not per element): each slice's "[a,b]" is written whole, its "[" turned into the array's "[" or a
   * "," and its "]" dropped. A slice holding an element with toJSON goes element by element, so toJSON gets the
   * element's own index as its key, as JSON.stringify gives it.
   */
  private leafArray(v: unknown[]): boolean {
    if (!v.length) {
      this.text('[]');
      return true;
    }
    for (let i = 0; i < v.length; i += SLICE) {
      const end = Math.min(v.length, i + SLICE);
      let keyed = false;
      for (let j = i; j < end && !keyed; j++) {
        const e = v[j];
        keyed = e !== null && typeof e === 'object' && typeof (e as { toJSON?: unknown }).toJSON === 'function';
      }
      if (keyed) {
        for (let j = i; j < end; j++) {
          this.text(j === 0 ? '[' : ',');
          // an element with no JSON form is written null, as JSON.stringify does
          if (!this.json(v[j], String(j), 0)) this.text('null');
        }
        continue;
      }
      const start = this.at;
      this.text(JSON.stringify(i === 0 && end === v.length ? v : v.slice(i, end)));
      this.buf[start] = i === 0 ? 0x5b : 0x2c; // '[' : ','
      this.at -= 1; // the slice's ']'
    }
    this.text(']');
    return true;
  }

  /** Writes a string as UTF-8; returns its byte length. */
  private text(s: string): number {
    // at most 3 bytes per UTF-16 unit: room is made without measuring the string (which would flatten it)
    this.room(s.length * 3);
    const n = this.buf.write(s, this.at, 'utf8');
    this.at += n;
    return n;
  }
  private cstring(s: string): void {
    this.text(s);
    this.byte(0);
  }
  private byte(b: number): void {
    this.room(1);
    this.buf[this.at++] = b;
  }
  private int16(n: number): void {
    this.room(2);
    this.at = this.buf.writeInt16BE(n, this.at);
  }
  private int32(n: number): void {
    this.room(4);
    this.at = this.buf.writeInt32BE(n, this.at);
  }
  /** Reserves n bytes to fill in later; returns where they start. */
  private skip(n: number): number {
    this.room(n);
    const at = this.at;
    this.at += n;
    return at;
  }
  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.at + n, this.buf.length * 2));
    this.buf.copy(grown, 0, 0, this.at);
    this.buf = grown;
  }
}

/** Elements stringified per native call in a leaf array: ~20 KB of a record's bids, small enough for V8's young generation. */
const SLICE = 64;

/** new Number(1), new String('x'), new Boolean(true): JSON.stringify writes their primitive, so they are not walked. */
function isBoxed(v: object): boolean {
  return v instanceof Number || v instanceof String || v instanceof Boolean || v instanceof BigInt;
}
