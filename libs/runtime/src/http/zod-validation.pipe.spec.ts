import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationFailedError } from './api-error';
import { ZodValidationPipe } from './zod-validation.pipe';
import { mapError } from './map-error';

const schema = z.strictObject({
  email: z.email(),
  age: z.number().int().min(0),
  address: z.strictObject({ city: z.string().min(1) }).optional(),
});
const pipe = new ZodValidationPipe(schema);

function failure(value: unknown): ValidationFailedError {
  try {
    pipe.transform(value);
  } catch (error) {
    if (error instanceof ValidationFailedError) return error;
    throw error;
  }
  throw new Error('expected validation to fail');
}

describe('ZodValidationPipe', () => {
  it('returns the parsed value when valid', () => {
    expect(pipe.transform({ email: 'a@b.co', age: 3 })).toEqual({
      email: 'a@b.co',
      age: 3,
    });
  });

  it('names an extra field as not allowed', () => {
    const error = failure({ email: 'a@b.co', age: 3, admin: true });
    expect(error.problems).toEqual([{ field: 'admin', message: 'is not allowed' }]);
  });

  it('names a missing field as required', () => {
    expect(failure({ age: 3 }).problems).toEqual([{ field: 'email', message: 'is required' }]);
  });

  it('names a wrong type, with nested paths joined by dots', () => {
    const error = failure({
      email: 'a@b.co',
      age: 'three',
      address: { city: 7 },
    });
    expect(error.problems.map((p) => p.field)).toEqual(['age', 'address.city']);
    expect(error.problems[0].message).toMatch(/number/);
  });

  it('says a body is required when there is none', () => {
    expect(failure(undefined).problems).toEqual([{ field: 'body', message: 'is required' }]);
  });

  it('maps to 400 VALIDATION_FAILED with the first field and all details', () => {
    const mapped = mapError(failure({ admin: 1 }), 'req-1');
    expect(mapped.status).toBe(400);
    expect(mapped.body).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'email',
      requestId: 'req-1',
    });
    expect(mapped.body.details?.map((d) => d.field).sort()).toEqual(['admin', 'age', 'email']);
  });
});

describe('ZodValidationPipe, text no store can keep', () => {
  it.each([
    ['a NUL', { email: 'a\u0000@b.co', age: 1 }, 'email'],
    ['a lone high surrogate', { email: 'a@b.co', age: 1, address: { city: 'x\ud800' } }, 'address.city'],
    ['a lone low surrogate deep in an array', { email: 'a@b.co', age: 1, tags: [{ t: '\udc00' }] }, 'tags.0.t'],
    ['a NUL in a key', { email: 'a@b.co', age: 1, ['k\u0000']: 1 }, 'k\u0000'],
  ])('refuses %s naming the field, before the schema', (_, value, field) => {
    expect(failure(value).problems[0]?.field).toBe(field);
  });

  it('accepts a well-formed surrogate pair (an emoji)', () => {
    expect(pipe.transform({ email: 'a@b.co', age: 1, address: { city: 'Zürich 😀' } })).toMatchObject({ age: 1 });
  });
});

describe('ZodValidationPipe, nesting', () => {
  const nested = (depth: number): unknown => {
    let value: unknown = 'leaf';
    for (let level = 0; level < depth; level++) value = { a: value };
    return value;
  };

  it('refuses a value nested 20,000 deep without overflowing the stack, naming where it gives up', () => {
    const problem = failure({ email: 'a@b.co', age: 1, address: nested(20_000) }).problems[0];
    expect(problem?.field).toMatch(/^address(\.a)+$/);
    expect(problem?.message).toMatch(/nested too deeply/);
  });

  it('lets ordinary nesting through to the schema', () => {
    expect(failure({ email: 'a@b.co', age: 1, extra: nested(10) }).problems[0]?.field).toBe('extra');
  });
});
