/**
 * The run wrapper every action's main.ts uses. A ConfigurationError (the user's mistake) becomes
 * one `::error::` line that says what to fix; anything else is a bug: the message as an error, the
 * stack at debug level. Exit code 1 either way. When main settles the process exits, so a dangling
 * socket or timer cannot hang the step.
 */
import { debug, error } from './commands';
import { InputErrors, isConfigurationError, errorMessage } from './errors';

export type ActionMain = () => Promise<number | void> | number | void;

export async function runAction(main: ActionMain): Promise<never> {
  let code: number;
  try {
    const result = await main();
    code = typeof result === 'number' ? result : 0;
  } catch (e) {
    code = 1;
    if (e instanceof InputErrors) {
      // One line, naming every bad input.
      error(e.message, { title: 'Invalid input' });
    } else if (isConfigurationError(e)) {
      error(e.message, e.input ? { title: `Invalid ${e.input}` } : {});
    } else {
      error(`Unexpected error (this is a shipkit bug; please report it with the debug log): ${errorMessage(e)}`);
      if (e instanceof Error && e.stack) debug(e.stack);
    }
  }
  // Flush stdout before exiting: workflow commands must reach the runner.
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}
