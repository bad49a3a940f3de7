/**
 * The two kinds of error. A `UserError` carries a message that is safe and kind to show a person (sent
 * ephemerally on Discord, printed on the CLI). Anything else is a bug or an outage: it is logged with context and the
 * person sees a fixed, kind message instead.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    /** Machine-readable reason, for logs and tests. */
    readonly code: string = 'user_error',
  ) {
    super(message);
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
