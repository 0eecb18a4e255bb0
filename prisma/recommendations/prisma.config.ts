import { defineConfig } from 'prisma/config';

// Prisma 7 reads the datasource URL from here, not from schema.prisma. "?schema=recommendations" puts
// the tables and this service's own _prisma_migrations in the Postgres schema "recommendations".
// Paths are relative to this file.
export default defineConfig({
  schema: './schema.prisma',
  migrations: { path: './migrations' },
  datasource: {
    url: withSchema(
      process.env.DATABASE_URL ?? 'postgresql://perflab:perflab@127.0.0.1:5432/perflab',
      'recommendations',
    ),
  },
});

function withSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('schema', schema);
  return parsed.toString();
}
