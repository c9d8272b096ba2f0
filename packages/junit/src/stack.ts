/**
 * Stack traces cut to what a person or an agent reads: the message lines and the project's own
 * frames, without the test runner's and the runtime's frames. And the first own frame as a place
 * to annotate.
 */

/** Frames of runtimes and test frameworks, never the cause. */
const FOREIGN_FRAME =
  /node:internal|node_modules[\\/]|\(node:|\(<anonymous>\)|java\.base\/|jdk\.internal\.|sun\.reflect\.|java\.lang\.reflect\.|org\.junit\.|junit\.framework\.|org\.apache\.maven\.surefire|org\.gradle\.|_pytest[\\/]|pluggy[\\/]|<frozen |\/usr\/lib\/python|site-packages[\\/]|\/usr\/local\/go\/|runtime\/panic\.go|testing\/testing\.go|System\.RuntimeMethodHandle|System\.Reflection\.|NUnit\.Framework\.|Xunit\.|\/rustc\/[0-9a-f]+\/|library\/(?:std|core)\/src/;

const FRAME = /^\s*(?:at |❯ |File "|in |\d+: |\S+:\d)/;

export function trimStack(text: string, { maxLines = 14 }: { maxLines?: number } = {}): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  let dropped = 0;
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (line.trim() === '') continue;
    const isFrame = FRAME.test(line);
    if ((isFrame && FOREIGN_FRAME.test(line)) || kept.length >= maxLines) {
      dropped++;
      continue;
    }
    kept.push(line);
  }
  if (dropped > 0) kept.push(`… ${dropped} more line${dropped === 1 ? '' : 's'} (runtime and framework frames)`);
  return kept.join('\n');
}

export interface Location {
  file: string;
  line?: number;
  col?: number;
}

/**
 * Where a stack points in the project: tried in order, first match of a frame that is not foreign.
 * `hint` is a cheap substring test that skips a pattern when the text cannot match it.
 */
const LOCATORS: readonly { hint: RegExp; pattern: RegExp; java?: boolean }[] = [
  // JavaScript/TypeScript: `at fn (src/a.ts:12:5)`, `at src/a.ts:12:5`, vitest's `❯ src/a.test.ts:12:5`.
  {
    hint: /\.(?:[cm]?[jt]sx?|vue|svelte):\d/,
    pattern: /(?:at |❯ |\()(?:file:\/\/)?(?<file>[^\s():]+\.(?:[cm]?[jt]sx?|vue|svelte)):(?<line>\d+)(?::(?<col>\d+))?/,
  },
  // Python traceback and pytest's short form.
  { hint: /\.py"/, pattern: /File "(?<file>[^"]+\.py)", line (?<line>\d+)/ },
  { hint: /\.py:\d/, pattern: /^(?<file>[^\s:]+\.py):(?<line>\d+): \w*/m },
  // .NET: `in /src/Tests/CalcTests.cs:line 42`.
  { hint: /:line \d/, pattern: /in (?<file>\S+\.(?:cs|fs|vb)):line (?<line>\d+)/ },
  // Rust: `panicked at src/lib.rs:10:5`.
  { hint: /\.rs:\d/, pattern: /(?:panicked at |at )(?<file>[\w./-]+\.rs):(?<line>\d+)(?::(?<col>\d+))?/ },
  // Go: `    calc_test.go:12: got 3, want 4`.
  { hint: /_test\.go:\d/, pattern: /^\s*(?<file>[\w./-]+_test\.go):(?<line>\d+):/m },
  // PHP: `/app/tests/CalcTest.php:42`.
  { hint: /\.php:\d/, pattern: /(?:^|[\s(])(?<file>[\w./-]+\.php):(?<line>\d+)/ },
  // Java/Kotlin/Scala: `at com.acme.CalcTest.adds(CalcTest.java:58)`: the package gives the folder.
  {
    hint: /\.(?:java|kt|scala|groovy):\d/,
    pattern: /at (?:[\w.-]+\/\/?)?(?<pkg>(?:[\w$]+\.)*)[\w$]+\.[\w$<>]+\((?<file>[\w$]+\.(?:java|kt|scala|groovy)):(?<line>\d+)\)/,
    java: true,
  },
];

export function locateInStack(text: string): Location | undefined {
  if (!text) return undefined;
  const lines = text.split('\n');
  for (const { hint, pattern, java } of LOCATORS) {
    if (!hint.test(text)) continue;
    for (const line of lines) {
      if (FOREIGN_FRAME.test(line)) continue;
      const m = pattern.exec(line);
      if (!m?.groups) continue;
      let file = m.groups.file as string;
      if (java) {
        const pkg = (m.groups.pkg ?? '').split('.').filter(Boolean).join('/');
        file = pkg ? `${pkg}/${file}` : file;
      }
      return {
        file: file.replace(/^\.\//, ''),
        line: m.groups.line ? Number(m.groups.line) : undefined,
        col: m.groups.col ? Number(m.groups.col) : undefined,
      };
    }
  }
  return undefined;
}
