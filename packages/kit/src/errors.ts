/**
 * A mistake the user can fix: a bad input, a missing file, a report that cannot be read.
 * The run wrapper prints it as one `::error::` line without a stack trace.
 */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
  /** The input (or file) the problem is about, when there is one. */
  readonly input: string | undefined;

  constructor(message: string, input?: string) {
    super(message);
    this.input = input;
  }
}

/** Several input problems reported at once, so the user fixes them in one round. */
export class InputErrors extends ConfigurationError {
  readonly problems: readonly { input: string; message: string }[];

  constructor(problems: readonly { input: string; message: string }[]) {
    super(problems.map((p) => `input \`${p.input}\`: ${p.message}`).join('; '), problems[0]?.input);
    this.problems = problems;
  }
}

export const isConfigurationError = (error: unknown): error is ConfigurationError => error instanceof ConfigurationError;

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
