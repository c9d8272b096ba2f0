// Reading what an action writes for the runner: workflow commands on stdout and the
// GITHUB_OUTPUT file. The test harness uses the same functions (one parser, so tests check what
// the CLI shows).

export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

/** One stdout line as the runner reads it: a command, text to show, or nothing (the stop-commands markers). */
export interface CommandLine {
  command?: WorkflowCommand;
  text?: string;
  hidden?: boolean;
}

// One pass each, so an escaped `%` (`%25`) is never decoded twice: `%253A` is the text `%3A`, not `:`.
const DATA_ESCAPES: Record<string, string> = { '%25': '%', '%0D': '\r', '%0A': '\n' };
const PROPERTY_ESCAPES: Record<string, string> = { ...DATA_ESCAPES, '%3A': ':', '%2C': ',' };
export const unescapeData = (s: string): string => s.replace(/%(?:25|0D|0A)/g, (m) => DATA_ESCAPES[m] ?? m);
export const unescapeProperty = (s: string): string => s.replace(/%(?:25|0D|0A|3A|2C)/g, (m) => PROPERTY_ESCAPES[m] ?? m);

/** Parses one stdout line; undefined when it is not a workflow command. */
export function parseCommandLine(line: string): WorkflowCommand | undefined {
  // `s`: the runner splits lines on \n only, so U+2028 and a stray \r belong to the message.
  const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/s.exec(line);
  if (!m) return undefined;
  const properties: Record<string, string> = {};
  for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq > 0) properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
  }
  return { command: m[1] ?? '', properties, message: unescapeData(m[3] ?? '') };
}

/**
 * A line-by-line reader that honours `::stop-commands::<token>` … `::<token>::`, between which
 * the runner obeys no command (text from logs or response bodies stays text).
 */
export function commandReader(): (line: string) => CommandLine {
  let stopToken: string | undefined;
  return (line) => {
    if (stopToken !== undefined) {
      if (line === `::${stopToken}::`) stopToken = undefined;
      return { text: line };
    }
    const command = parseCommandLine(line);
    if (command?.command === 'stop-commands' && command.message) {
      stopToken = command.message;
      return { hidden: true };
    }
    return command ? { command } : { text: line };
  };
}

export function parseCommands(stdout: string): WorkflowCommand[] {
  const read = commandReader();
  const commands: WorkflowCommand[] = [];
  for (const line of stdout.split('\n')) {
    const r = read(line);
    if (r.command) commands.push(r.command);
  }
  return commands;
}

/** Parses a GITHUB_OUTPUT file (`name<<delimiter` heredocs and `name=value` lines). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^<=]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const value = [];
      while (++i < lines.length && lines[i] !== heredoc[2]) value.push(lines[i] ?? '');
      outputs[heredoc[1] ?? ''] = value.join('\n');
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}
