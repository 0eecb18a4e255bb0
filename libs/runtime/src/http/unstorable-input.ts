import type { FieldProblem } from './error-body';

/**
 * NUL and unpaired UTF-16 surrogates: valid in a JS string and in JSON, but Postgres
 * refuses them in text and jsonb (22021, 22P05), so they would otherwise surface as a 500.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const isUnstorable = (text: string): boolean => text.includes('\u0000') || LONE_SURROGATE.test(text);

/**
 * Deeper than any request schema needs; JSON.stringify, zod and the drivers recurse, so a
 * 20,000-deep `data` would overflow the stack somewhere downstream.
 */
export const MAX_INPUT_DEPTH = 32;

const join = (path: readonly (string | number)[]) => path.map(String).join('.');

/**
 * The first thing in a parsed request part that no store can keep, named by its path:
 * text with NUL or invalid Unicode (in a value or an object key), or nesting deeper than
 * MAX_INPUT_DEPTH. Walks with an explicit stack, so a deep value cannot overflow it here.
 */
export function findUnstorableInput(root: unknown, part: string): FieldProblem | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    // The field name is built only for the answer: every request walks here.
    const field = () => (path.length > 0 ? join(path) : part);
    if (typeof value === 'string') {
      if (isUnstorable(value)) return { field: field(), message: 'contains a NUL character or invalid Unicode' };
    } else if (value !== null && typeof value === 'object') {
      if (path.length >= MAX_INPUT_DEPTH)
        return { field: field(), message: `is nested too deeply (more than ${MAX_INPUT_DEPTH} levels)` };
      if (Array.isArray(value)) {
        for (let index = value.length - 1; index >= 0; index--)
          stack.push({ value: value[index], path: [...path, index] });
        continue;
      }
      for (const [key, child] of Object.entries(value)) {
        if (isUnstorable(key))
          return { field: join([...path, key]), message: 'has a name with a NUL character or invalid Unicode' };
        stack.push({ value: child, path: [...path, key] });
      }
    }
  }
  return undefined;
}
