import { MetricsRegistry } from './metrics';

describe('metrics - Prometheus text exposition', () => {
  it('renders counters, gauges and histograms with escaped labels', () => {
    const r = new MetricsRegistry();
    const c = r.counter('x_total', 'Things.');
    c.inc({ verdict: 'ACCEPTED' });
    c.inc({ verdict: 'ACCEPTED' }, 2);
    c.inc({ verdict: 'we"ird\n' });
    const g = r.gauge('y', 'Level.');
    g.set({}, 4);
    const h = r.histogram('z_seconds', 'Time.', [0.1, 1]);
    h.observe(0.05);
    h.observe(0.5);
    h.observe(5);
    expect(r.render()).toBe(
      [
        '# HELP x_total Things.',
        '# TYPE x_total counter',
        'x_total{verdict="ACCEPTED"} 3',
        'x_total{verdict="we\\"ird\\n"} 1',
        '# HELP y Level.',
        '# TYPE y gauge',
        'y 4',
        '# HELP z_seconds Time.',
        '# TYPE z_seconds histogram',
        'z_seconds_bucket{le="0.1"} 1',
        'z_seconds_bucket{le="1"} 2',
        'z_seconds_bucket{le="+Inf"} 3',
        'z_seconds_sum 5.55',
        'z_seconds_count 3',
        '',
      ].join('\n'),
    );
    g.reset();
    expect(r.render()).not.toContain('\ny 4');
  });

  it('declares a table of series in its order, each of its kind', () => {
    const r = new MetricsRegistry();
    const s = r.declare({
      b: { counter: 'b_total', help: 'B.' },
      a: { gauge: 'a', help: 'A.' },
      h: { histogram: 'h_seconds', help: 'H.', buckets: [1] },
    });
    s.b.inc();
    s.a.set({}, 2);
    s.h.observe(0.5);
    expect(
      r
        .render()
        .split('\n')
        .filter((l) => l.startsWith('# TYPE')),
    ).toEqual(['# TYPE b_total counter', '# TYPE a gauge', '# TYPE h_seconds histogram']);
    expect(r.render()).toContain('h_seconds_bucket{le="1"} 1\n');
  });

  it('counts a label set as one series whatever the order of its labels, and keeps apart values that only print alike', () => {
    const r = new MetricsRegistry();
    const c = r.counter('c_total', 'C.');
    c.inc({ a: 'x', b: 'y' });
    c.inc({ b: 'y', a: 'x' });
    c.inc({ n: 1 });
    c.inc({ n: '1' });
    c.inc({ n: 1 });
    c.inc({});
    c.inc();
    expect(r.render().split('\n').slice(2, -1)).toEqual([
      'c_total{a="x",b="y"} 2',
      'c_total{n="1"} 2',
      'c_total{n="1"} 1',
      'c_total 2',
    ]);
  });
});
