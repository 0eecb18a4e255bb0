import { describe, expect, it } from 'vitest';
import { TokenError } from './token-error';

describe('TokenError', () => {
  it('is a 401 answer without a captured stack', () => {
    const error = new TokenError('TOKEN_EXPIRED', 'Token has expired');
    expect(error).toMatchObject({ status: 401, code: 'TOKEN_EXPIRED', message: 'Token has expired' });
    expect((error.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at '))).toEqual([]);
    expect(new Error('others keep theirs').stack).toContain('    at ');
  });
});
