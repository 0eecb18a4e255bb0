/** A key or value that does not match its event contract. Never retryable: resending the same data fails the same way. */
export class ContractViolationError extends Error {
  readonly retryable = false;
  constructor(
    readonly topic: string,
    readonly part: 'key' | 'value',
    readonly issues: string[],
  ) {
    super(`${topic}: invalid ${part}: ${issues.join('; ')}`);
    this.name = 'ContractViolationError';
  }
}
