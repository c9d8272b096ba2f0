export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}
export declare const unescapeData: (s: string) => string;
export declare const unescapeProperty: (s: string) => string;
export declare function parseCommandLine(line: string): WorkflowCommand | undefined;
export declare function commandReader(): (line: string) => { command?: WorkflowCommand; text?: string; hidden?: boolean };
export declare function parseCommands(stdout: string): WorkflowCommand[];
export declare function parseOutputFile(text: string): Record<string, string>;
