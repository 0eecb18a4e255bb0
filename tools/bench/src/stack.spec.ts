import { describe, expect, it } from 'vitest';
import { parseEnv, stackDown } from './stack';

describe('stack status', () => {
  it('names the services not running and k6 when it is not installed', () => {
    const status = [
      'postgres    running   pid=2636     port=5432',
      'redis       stopped   pid=-        port=6379',
      'kafka       running   pid=3068     port=9092 9093',
      'prometheus  running   pid=3429     port=9090',
      'k6          missing   pid=-        port=-',
    ].join('\n');
    expect(stackDown(status)).toEqual(['redis', 'k6']);
  });

  it('is empty when every service runs and k6 is installed', () => {
    const status = [
      'postgres    running   pid=2636     port=5432',
      'redis       running   pid=2914     port=6379',
      'kafka       running   pid=3068     port=9092 9093',
      'prometheus  running   pid=3429     port=9090',
      'k6          installed pid=-        port=- (/work/.stack/cache/bin/k6)',
    ].join('\n');
    expect(stackDown(status)).toEqual([]);
  });
});

describe('stack env', () => {
  it('reads the export lines, PATH left out', () => {
    expect(parseEnv('export DATABASE_URL=postgresql://x/y\nexport PATH="/k6:$PATH"\nexport K6_BIN="/k6/k6"\n')).toEqual(
      {
        DATABASE_URL: 'postgresql://x/y',
        K6_BIN: '/k6/k6',
      },
    );
  });
});
