import type { FieldProblem } from './error-body';

/**
 * NUL and unpaired UTF-16 surrogates: valid in a JS string and in JSON, but Postgres
 * refuses them in text and jsonb (22021, 22P05), so they would otherwise surface as a 500.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const isUnstorable = (text: string): boolean => text.includes('\u0000') || LONE_SURROGATE.test(text);

const join = (path: readonly (string | number)[]) => path.map(String).join('.');

/**
 * The first string (value or object key) in a parsed request part that no store can
 * keep, named by its path. Walks with an explicit stack, so a deep value cannot
 * overflow the call stack here.
 */
export function findUnstorableText(root: unknown, part: string): FieldProblem | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    const field = path.length > 0 ? join(path) : part;
    if (typeof value === 'string') {
      if (isUnstorable(value)) return { field, message: 'contains a NUL character or invalid Unicode' };
    } else if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--)
        stack.push({ value: value[index], path: [...path, index] });
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (isUnstorable(key))
          return { field: join([...path, key]), message: 'has a name with a NUL character or invalid Unicode' };
        stack.push({ value: child, path: [...path, key] });
      }
    }
  }
  return undefined;
}
