/**
 * A business rule that does not hold. `code` is stable and dotted (`organization.not-draft`);
 * HTTP maps codes to problem+json types in one table, tests compare codes, never messages.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** What kind of refusal this is, so HTTP can pick 409/403/422 without knowing every code. */
    readonly kind: 'conflict' | 'forbidden' | 'invalid' | 'not-found' = 'conflict',
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
