import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SeriesAggregator } from './series-aggregator';
import { percentile } from './stats';
import { splitCsvLine } from './csv-line';

const csv = readFileSync(join(__dirname, '..', 'report', 'fixtures', 'auth.k6.series-head.csv'), 'utf8');

describe('SeriesAggregator on recorded k6 CSV', () => {
  it('gives the same result however the text is chunked', () => {
    const whole = new SeriesAggregator('s');
    whole.feed(csv);
    const chunked = new SeriesAggregator('s');
    for (let i = 0; i < csv.length; i += 997) chunked.feed(csv.slice(i, i + 997));
    expect(chunked.finish()).toEqual(whole.finish());
  });

  it('counts every load request once, and not setup() traffic', () => {
    const a = new SeriesAggregator('s');
    a.feed(csv);
    const s = a.finish();
    const rows = csv.split('\n').filter((l) => l.startsWith('http_req_duration,'));
    const setup = rows.filter((l) => l.includes('setup health'));
    expect(setup.length).toBe(1);
    expect(s.totalRequests).toBe(rows.length - setup.length);
    expect(s.endpoints.map((e) => e.name)).toEqual(['GET /users/:id']);
  });
});

describe('SeriesAggregator classification', () => {
  const header =
    'metric_name,timestamp,metric_value,check,error_code,expected_response,method,name,scenario,status,extra_tags,metadata\n';
  it('breaks errors down by kind and windows throughput', () => {
    const a = new SeriesAggregator('s', 5);
    a.feed(header);
    a.feed('http_req_duration,100,5,,,true,GET,A,sc,200,,\n');
    a.feed('http_req_duration,101,60000,,1050,false,GET,A,sc,0,,\n');
    a.feed('http_req_duration,102,1,,1212,false,GET,A,sc,0,,\n');
    a.feed('http_req_duration,103,2,,,false,GET,A,sc,429,,\n');
    a.feed('http_req_duration,106,3,,,false,GET,A,sc,503,,\n');
    a.feed('checks,106,1,ok,,,,,sc,,,\nchecks,106,0,ok,,,,,sc,,,\n');
    a.feed('e2e_latency_ms,107,250,,,,,,delivery,,,\n');
    const s = a.finish();
    expect(s.errors).toMatchObject({ total: 4, timeout: 1, connection: 1, rateLimited: 1, http5xx: 1 });
    expect(s.windows.map((w) => w.reqs)).toEqual([4, 1]);
    expect(s.checks.ok).toEqual({ passes: 1, fails: 1 });
    expect(s.e2e.delivery.p50).toBe(250);
  });

  it('leaves the warm-up out of the tables but keeps it in the charts', () => {
    const a = new SeriesAggregator('s', 5, 10);
    a.feed(header);
    a.feed('http_req_duration,100,900,,,true,GET,A,sc,200,,\n'); // cold: JIT, pools
    a.feed('http_req_duration,104,800,,,false,GET,A,sc,503,,\n');
    a.feed('e2e_latency_ms,105,4000,,,,,,delivery,,,\n');
    a.feed('http_req_duration,110,5,,,true,GET,A,sc,200,,\n');
    a.feed('http_req_duration,111,7,,,true,GET,A,sc,200,,\n');
    a.feed('e2e_latency_ms,112,250,,,,,,delivery,,,\n');
    a.feed('dropped_iterations,101,1,,,,,,sc,,,\ndropped_iterations,113,1,,,,,,sc,,,\n');
    const s = a.finish();
    expect(s.droppedAfterWarmup).toBe(1);
    expect(s.totalRequests).toBe(2);
    expect(s.failedRequests).toBe(0);
    expect(s.endpoints[0].max).toBe(7);
    expect(s.e2e.delivery.count).toBe(1);
    expect(s.start).toBe(110);
    expect(s.windows.map((w) => w.reqs)).toEqual([2, 2]);
    expect(s).toMatchObject({ warmupSeconds: 10, warmupRequests: 2 });
  });

  it('interpolates percentiles like k6 and parses quoted CSV', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(splitCsvLine('a,"b,c",d')).toEqual(['a', 'b,c', 'd']);
  });

  it('reports when setup() ended: the first sample tagged with a scenario', () => {
    const a = new SeriesAggregator('s');
    const head =
      'metric_name,timestamp,metric_value,check,error_code,expected_response,group,method,name,scenario,status,extra_tags,metadata\n';
    a.feed(head + 'http_req_duration,1000,900,,,true,::setup,POST,seed,,201,,\n');
    expect(a.loadStartedAt()).toBeNull();
    a.feed(
      'http_req_duration,1012,3,,,true,,GET,GET /users/:id,read,200,,\nhttp_req_duration,1013,3,,,true,,GET,GET /users/:id,read,200,,\n',
    );
    expect(a.loadStartedAt()).toBe(1012);
    expect(a.finish().loadStart).toBe(1012);
  });
});
