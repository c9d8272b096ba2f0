import { describe, expect, it } from 'vitest';
import { Counter, Histogram, Registry } from 'prom-client';
import { parseExposition, parseExpositionValue, ExpositionParseError } from '../src/exposition';
import { parseSelector, SelectorError } from '../src/selector';

describe('the text exposition format', () => {
  it('reads what prom-client writes, label values escaped, histograms included', async () => {
    const registry = new Registry();
    const requests = new Counter({
      name: 'req_total',
      help: 'Requests "served"\nby code',
      labelNames: ['code', 'path'],
      registers: [registry],
    });
    const latency = new Histogram({ name: 'lat_seconds', help: 'h', labelNames: ['arm'], buckets: [0.1, 1], registers: [registry] });
    requests.inc({ code: '200', path: 'a"b\\c\nd' }, 3);
    requests.inc({ code: '503', path: '/' });
    latency.observe({ arm: 'stable' }, 0.05);
    latency.observe({ arm: 'stable' }, 5);
    const samples = parseExposition(await registry.metrics());
    expect(samples.filter((s) => s.name === 'req_total')).toEqual([
      { name: 'req_total', labels: { code: '200', path: 'a"b\\c\nd' }, value: 3 },
      { name: 'req_total', labels: { code: '503', path: '/' }, value: 1 },
    ]);
    expect(samples.filter((s) => s.name === 'lat_seconds_bucket').map((s) => [s.labels.le, s.value])).toEqual([
      ['0.1', 1],
      ['1', 1],
      ['+Inf', 2],
    ]);
    expect(samples.find((s) => s.name === 'lat_seconds_sum')?.value).toBeCloseTo(5.05);
  });

  it('takes blanks and tabs between tokens, a trailing comma, timestamps, Go float spellings, CRLF and UTF-8 names', () => {
    const text = [
      '# HELP x_total something # with a hash',
      '# TYPE x_total counter',
      '   x_total { a = "1" , b="2", }\t12  1700000000000',
      'y NaN',
      'z{q=""} +Inf',
      'w -Inf',
      'v 1.5e3\r',
      '{"my.metric", "some.label"="x"} 7',
      '',
    ].join('\n');
    const samples = parseExposition(text);
    expect(samples[0]).toEqual({ name: 'x_total', labels: { a: '1', b: '2' }, value: 12, timestamp: 1700000000000 });
    expect(Number.isNaN(samples[1]?.value)).toBe(true);
    expect(samples.slice(2).map((s) => s.value)).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1500, 7]);
    expect(samples[2]?.labels).toEqual({ q: '' });
    expect(samples[5]).toEqual({ name: 'my.metric', labels: { 'some.label': 'x' }, value: 7 });
  });

  it.each([
    ['x{a="1"', /not closed|expected/],
    ['x{a=1} 2', /expected `"`/],
    ['x 1 2 3', /after the timestamp/],
    ['x abc', /`abc` is not a number/],
    ['x{a="1",a="2"} 1', /given twice/],
    ['x{a="\\q"} 1', /unknown escape/],
    ['x', /has no value/],
    ['<html>', /metric name/],
  ])('names the line of a malformed sample: %s', (line, message) => {
    const error = (() => {
      try {
        parseExposition(`ok 1\n${line}\n`);
      } catch (e) {
        return e as ExpositionParseError;
      }
    })();
    expect(error).toBeInstanceOf(ExpositionParseError);
    expect(error?.line).toBe(2);
    expect(error?.message).toMatch(message);
  });

  it('parses values as Go does, and refuses what is not one', () => {
    expect(parseExpositionValue('42')).toBe(42);
    expect(parseExpositionValue('-0.5')).toBe(-0.5);
    expect(parseExpositionValue('.5E-2')).toBe(0.005);
    expect(parseExpositionValue('Inf')).toBe(Number.POSITIVE_INFINITY);
    expect(parseExpositionValue('0x10')).toBeUndefined();
    expect(parseExpositionValue('')).toBeUndefined();
    expect(parseExpositionValue('1,5')).toBeUndefined();
  });
});

describe('metric selectors', () => {
  const labels = { code: '503', arm: 'candidate', version: 'shop-4101' };
  it('matches names and labels with =, !=, =~ and !~, regexes anchored as in PromQL', () => {
    const s = parseSelector('shipkit_proxy_requests_total{code=~"5..",arm="candidate"}');
    expect(s.name).toBe('shipkit_proxy_requests_total');
    expect(s.matches('shipkit_proxy_requests_total', labels)).toBe(true);
    expect(s.matches('shipkit_proxy_requests_total', { ...labels, code: '5030' })).toBe(false);
    expect(s.matches('shipkit_proxy_requests_total', { ...labels, code: '200' })).toBe(false);
    expect(s.matches('other_total', labels)).toBe(false);
    expect(parseSelector("x{arm!='stable', version!~`shop-9.*`}").matches('x', labels)).toBe(true);
    expect(parseSelector('x{missing=""}').matches('x', labels)).toBe(true);
    expect(parseSelector('x{missing!=""}').matches('x', labels)).toBe(false);
    expect(parseSelector('{__name__=~"x|y", arm="candidate"}').matches('y', labels)).toBe(true);
    expect(parseSelector('x{path="a\\"b\\n"}').matchers[0]?.value).toBe('a"b\n');
    // An empty arm selector substituted into a preset leaves a trailing comma: still a selector.
    expect(parseSelector('x{code=~"5..",}').matches('x', labels)).toBe(true);
    expect(parseSelector('x{}').matches('x', labels)).toBe(true);
  });

  it.each(['sum(x)', 'rate(x[1m])', 'x{a="1"} + 1', 'x{a~"1"}', '{a="1"}', 'x{a=~"("}', 'x{__name__="y"}'])(
    'refuses what is not a selector: %s',
    (text) => {
      expect(() => parseSelector(text)).toThrow(SelectorError);
    },
  );
});
