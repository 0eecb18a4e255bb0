import { Body, Param, PipeTransform, Query } from '@nestjs/common';
import { recordRequestSchema, type RequestPart } from '@perflab/openapi';
import type { z } from 'zod';
import { ValidationFailedError } from './api-error';
import type { FieldProblem } from './error-body';
import { findUnstorableInput } from './unstorable-input';

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

const join = (path: readonly PropertyKey[]) => path.map(String).join('.');

/** One problem per failing field, worded for a client: "is required", "is not allowed", or zod's message. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown, part = 'body'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        problems.push({
          field: join([...issue.path, key]),
          message: 'is not allowed',
        });
      continue;
    }
    // A problem with the whole part (no body at all, an array instead of an object) names the part.
    const field = issue.path.length > 0 ? join(issue.path) : part;
    const missing = issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined;
    problems.push({ field, message: missing ? 'is required' : issue.message });
  }
  return problems;
}

/**
 * Validates one request part against a zod schema and hands the handler the parsed value.
 * Use `z.strictObject` so unknown fields are rejected, not silently dropped.
 */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    /** Public so a controller that builds its pipe from config can document the same schema. */
    readonly schema: S,
    private readonly part: 'body' | 'query' | 'params' = 'body',
  ) {}

  transform(value: unknown): z.output<S> {
    // Every part of every request, before any schema recurses: what no store can keep is bad input, not a 5xx.
    const unstorable = findUnstorableInput(value, this.part);
    if (unstorable) throw new ValidationFailedError([unstorable]);
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    throw new ValidationFailedError(describeIssues(result.error.issues, value, this.part));
  }
}

/** Validates with `schema` and records it as the documented schema of that request part (OpenAPI). */
function validated(
  part: RequestPart,
  schema: z.ZodType,
  decorate: (pipe: ZodValidationPipe<z.ZodType>) => ParameterDecorator,
): ParameterDecorator {
  const decorator = decorate(new ZodValidationPipe(schema, part));
  return (target, method, index) => {
    recordRequestSchema(target, method, part, schema);
    decorator(target, method, index);
  };
}

/** `@ValidatedBody(createUserSchema) body: z.infer<typeof createUserSchema>` */
export const ValidatedBody = (schema: z.ZodType): ParameterDecorator => validated('body', schema, (pipe) => Body(pipe));
export const ValidatedQuery = (schema: z.ZodType): ParameterDecorator =>
  validated('query', schema, (pipe) => Query(pipe));
export const ValidatedParams = (schema: z.ZodType): ParameterDecorator =>
  validated('params', schema, (pipe) => Param(pipe));
