// What the `shipkit` executable does: run `main`, set the exit code, and keep an unexpected failure
// to one line unless SHIPKIT_DEBUG asks for the stack.
import { main } from './cli.ts';

export async function run(argv: string[] = process.argv.slice(2)): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (error) {
    const e = error as Error;
    process.stderr.write(
      process.env.SHIPKIT_DEBUG ? `${e.stack ?? e}\n` : `✖ shipkit failed: ${e.message ?? e} (SHIPKIT_DEBUG=1 shows where)\n`,
    );
    process.exitCode = 1;
  }
}
