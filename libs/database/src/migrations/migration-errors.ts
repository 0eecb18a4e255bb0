/** An applied migration's file changed since: never re-run or silently accept it. */
export class MigrationChecksumError extends Error {
  constructor(
    readonly service: string,
    readonly migration: string,
    readonly recorded: string,
    readonly actual: string,
  ) {
    super(
      `Migration ${service}/${migration} was modified after it was applied ` +
        `(recorded checksum ${recorded}, file now ${actual}). ` +
        'Restore the committed file and add a new migration for the change instead.',
    );
    this.name = 'MigrationChecksumError';
  }
}

/** A previous attempt (by `prisma migrate deploy`) failed half-way and was not resolved. */
export class MigrationUnresolvedError extends Error {
  constructor(
    readonly service: string,
    readonly migration: string,
  ) {
    super(
      `Migration ${service}/${migration} is recorded as started but not finished in ${service}._prisma_migrations. ` +
        'Repair the database by hand, then mark it rolled back (set rolled_back_at) or delete the row, and run again.',
    );
    this.name = 'MigrationUnresolvedError';
  }
}

/** A migration's SQL failed; its transaction was rolled back, so nothing of it remains. */
export class MigrationFailedError extends Error {
  constructor(
    readonly service: string,
    readonly migration: string,
    cause: unknown,
  ) {
    super(
      `Migration ${service}/${migration} failed and was rolled back: ${(cause as Error)?.message ?? String(cause)}`,
      {
        cause,
      },
    );
    this.name = 'MigrationFailedError';
  }
}
