/** The outbox table every service creates in its own schema (see its Prisma migration). */
export const OUTBOX_TABLE_DDL = `CREATE TABLE outbox_events (
  id BIGSERIAL PRIMARY KEY,
  topic TEXT NOT NULL,
  key TEXT NOT NULL,
  payload JSONB NOT NULL,
  headers JSONB,
  created_at TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
)`;
