// One error type for problems we expect in normal running (bad input, a missing record, a dependency
// that is down). Anything else is a bug: logged in full (without personal data) and answered with 500.
export class AppError extends Error {
  constructor(
    message: string,
    readonly options: { status?: number; code?: string; operational?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
  }
  get status(): number {
    return this.options.status ?? 500;
  }
  get code(): string {
    return this.options.code ?? 'internal_error';
  }
  get operational(): boolean {
    return this.options.operational ?? true;
  }
}
