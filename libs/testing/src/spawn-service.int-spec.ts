import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnService } from './spawn-service';

describe('spawnService', () => {
  it('resolves `exited` once the output is read, not at the exit itself', async () => {
    const service = await spawnService(resolve(__dirname, 'fixtures/exit-before-output.ts'));
    expect(await service.exited).toEqual({ code: 3, signal: null });
    expect(service.lines).toEqual([{ msg: 'exiting' }, { msg: 'late line' }]);
  });
});
