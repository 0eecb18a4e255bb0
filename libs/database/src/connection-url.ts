/**
 * node-postgres ignores Prisma's `?schema=` parameter; perflab selects the schema by
 * service instead, so it is removed rather than silently misread.
 */
export function withoutSchemaParam(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.delete('schema');
  return parsed.toString();
}

export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}
