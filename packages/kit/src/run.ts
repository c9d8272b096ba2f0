/**
 * The run wrapper every action's main.ts uses. A ConfigurationError (the user's mistake) becomes
 * one `::error::` line that says what to fix; anything else is a bug: the message as an error, the
 * stack at debug level. Exit code 1 either way. When main settles the process exits, so a dangling
 * socket or timer cannot hang the step.
 */
import { debug, error } from './commands';
import { InputErrors, isConfigurationError, errorMessage } from './errors';
import { cancelledBy } from './cancel';

export type ActionMain = () => Promise<number | void> | number | void;

/** Prints an error the way the runner should show it; returns the exit code. */
function report(e: unknown): number {
  if (e instanceof InputErrors) {
    // One line, naming every bad input.
    error(e.message, { title: 'Invalid input' });
  } else if (isConfigurationError(e)) {
    // The title names the input (annotations and the CLI show it); the message says what to fix.
    error(e.message, e.input ? { title: `Invalid ${e.input}` } : {});
  } else {
    error(`Unexpected error (this is a shipkit bug; please report it with the debug log): ${errorMessage(e)}`);
    if (e instanceof Error && e.stack) debug(e.stack);
  }
  return 1;
}

async function exit(code: number): Promise<never> {
  // A cancelled job exits from cancel.ts, once every cancellation hook has finished its work.
  if (cancelledBy()) await new Promise<never>(() => undefined);
  // Flush stdout before exiting: workflow commands must reach the runner.
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}

export async function runAction(main: ActionMain): Promise<never> {
  // A rejection nobody awaited or an error event nobody listened to would otherwise print a raw
  // stack trace to stderr; report it like any other bug and stop.
  const crash = (e: unknown): void => void exit(report(e));
  process.on('unhandledRejection', crash);
  process.on('uncaughtException', crash);
  let code: number;
  try {
    const result = await main();
    code = typeof result === 'number' ? result : 0;
  } catch (e) {
    code = report(e);
  }
  return exit(code);
}
