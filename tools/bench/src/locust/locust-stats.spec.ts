import { describe, expect, it } from 'vitest';
import { csvFields, parseLocustStats } from './locust-stats';

const CSV = `Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%
GET,/api/recommendations/:userId,9766,0,4,6.06,1,90,800,32.72,0.0,4,5,6,7,9,15,30,69,85,90,90
POST,"/api/user-behavior, v1",29202,0,4,6.29,1,120,52,97.84,0.0,4,5,6,7,9,13,40,82,110,120,120
,Aggregated,38968,0,4,6.23,1,120,227,130.57,0.0,4,5,6,7,9,14,35,80,100,120,120
`;

describe('Locust stats CSV', () => {
  it('reads every row with its percentiles, quoted names included', () => {
    const rows = parseLocustStats(CSV);
    expect(rows.map((r) => r.name)).toEqual(['/api/recommendations/:userId', '/api/user-behavior, v1', 'Aggregated']);
    expect(rows[0]).toMatchObject({
      method: 'GET',
      requests: 9766,
      failures: 0,
      medianMs: 4,
      p95Ms: 15,
      p99Ms: 69,
      rps: 32.72,
    });
    expect(rows[2]).toMatchObject({ method: '', rps: 130.57 });
  });

  it('splits quoted fields with doubled quotes', () => {
    expect(csvFields('a,"b ""c"", d",e')).toEqual(['a', 'b "c", d', 'e']);
  });

  it('names a missing column', () => {
    expect(() => parseLocustStats('Type,Name\nGET,x')).toThrow(/Request Count/);
  });
});
