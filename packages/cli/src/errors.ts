/** A mistake of the user's: printed as one line, exit 1, no stack. */
export class CliError extends Error {}
