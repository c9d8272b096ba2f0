/**
 * Why JSON.parse refused a text, without quoting the text: V8's message carries the first bytes of
 * the input (`Unexpected token 'r', "root:x:0:0:"... is not valid JSON`), and a file that is not
 * what it should be may hold anything (a credential file a symlink pointed at).
 */
export function jsonProblem(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  if (/Unexpected end of JSON input/.test(message)) return 'it ends too early';
  const at = /at position \d+(?: \(line \d+ column \d+\))?/.exec(message)?.[0];
  if (at) return `a syntax error ${at}`;
  return /^Unexpected token/.test(message) ? 'an unexpected character (it may not be JSON at all)' : 'a syntax error';
}
