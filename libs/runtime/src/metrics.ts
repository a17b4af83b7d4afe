/**
 * A tiny Prometheus registry (text exposition format 0.0.4): counters, gauges and histograms with labels.
 * Enough for our handful of series without a dependency.
 */
type Labels = Record<string, string | number>;
type Kind = 'counter' | 'gauge' | 'histogram';

/**
 * The identity of a label set, whatever order its labels were given in. Most series take none or one label (counted on
 * every intent and bid): those keys are built without sorting or an array per call; two or more labels keep the sorted
 * JSON (a key of two or more starts with `[`, of one with `"`, of none is empty: the three never meet).
 */
function key(labels: Labels): string {
  let only: string | undefined;
  let n = 0;
  for (const k in labels) {
    if (n++) return JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
    only = k;
  }
  if (only === undefined) return '';
  const v = labels[only];
  return JSON.stringify(only) + (typeof v === 'number' ? ':' + String(v) : '=' + JSON.stringify(v));
}
const escape = (v: string | number) => String(v).replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const fmtLabels = (labels: Labels) => {
  const e = Object.entries(labels);
  return e.length ? `{${e.map(([k, v]) => `${k}="${escape(v)}"`).join(',')}}` : '';
};
const fmtNum = (n: number) => (Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN');

class Series {
  readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly kind: Kind,
  ) {}
  add(labels: Labels, by: number): void {
    const k = key(labels);
    const cur = this.values.get(k);
    if (cur) cur.value += by;
    else this.values.set(k, { labels, value: by });
  }
  set(labels: Labels, value: number): void {
    this.values.set(key(labels), { labels, value });
  }
}

export class Counter extends Series {
  inc(labels: Labels = {}, by = 1): void {
    this.add(labels, by);
  }
}

export class Gauge extends Series {
  /** Drops every labelled value (a gauge rebuilt from fresh state on each scrape). */
  reset(): void {
    this.values.clear();
  }
}

export class Histogram {
  private readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: number[],
  ) {}
  observe(value: number, labels: Labels = {}): void {
    const k = key(labels);
    let s = this.series.get(k);
    if (!s) this.series.set(k, (s = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    this.buckets.forEach((b, i) => {
      if (value <= b) s.counts[i]++;
    });
    s.sum += value;
    s.count++;
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const s of this.series.values()) {
      this.buckets.forEach((b, i) =>
        lines.push(`${this.name}_bucket${fmtLabels({ ...s.labels, le: fmtNum(b) })} ${s.counts[i]}`),
      );
      lines.push(`${this.name}_bucket${fmtLabels({ ...s.labels, le: '+Inf' })} ${s.count}`);
      lines.push(`${this.name}_sum${fmtLabels(s.labels)} ${fmtNum(s.sum)}`);
      lines.push(`${this.name}_count${fmtLabels(s.labels)} ${s.count}`);
    }
    return lines;
  }
}

/** One row of a declaration table: the kind with the series' name, its help line, and a histogram's buckets. */
export type SeriesSpec =
  | { counter: string; help: string }
  | { gauge: string; help: string }
  | { histogram: string; help: string; buckets: number[] };

type Declared<T extends Record<string, SeriesSpec>> = {
  readonly [K in keyof T]: T[K] extends { counter: string }
    ? Counter
    : T[K] extends { gauge: string }
      ? Gauge
      : Histogram;
};

export class MetricsRegistry {
  private readonly all: (Series | Histogram)[] = [];
  /** Registers a table of series in its order (the order they render in) and returns them by key. */
  declare<T extends Record<string, SeriesSpec>>(table: T): Declared<T> {
    const made = Object.entries(table).map(([k, s]) => {
      if ('counter' in s) return [k, this.counter(s.counter, s.help)];
      if ('gauge' in s) return [k, this.gauge(s.gauge, s.help)];
      return [k, this.histogram(s.histogram, s.help, s.buckets)];
    });
    return Object.fromEntries(made) as Declared<T>;
  }
  counter(name: string, help: string): Counter {
    return this.push(new Counter(name, help, 'counter'));
  }
  gauge(name: string, help: string): Gauge {
    return this.push(new Gauge(name, help, 'gauge'));
  }
  histogram(name: string, help: string, buckets: number[]): Histogram {
    return this.push(new Histogram(name, help, buckets));
  }
  private push<T extends Series | Histogram>(m: T): T {
    this.all.push(m);
    return m;
  }
  /** Prometheus text exposition format. */
  render(): string {
    const lines: string[] = [];
    for (const m of this.all) {
      if (m instanceof Histogram) {
        lines.push(...m.render());
        continue;
      }
      lines.push(`# HELP ${m.name} ${m.help}`, `# TYPE ${m.name} ${m.kind}`);
      for (const v of m.values.values()) lines.push(`${m.name}${fmtLabels(v.labels)} ${fmtNum(v.value)}`);
    }
    return lines.join('\n') + '\n';
  }
}
