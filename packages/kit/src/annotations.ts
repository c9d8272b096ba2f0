/**
 * Annotations collected during a run and flushed once: de-duplicated, ranked (errors first, then
 * warnings, then notices; by file and line) and capped to what GitHub shows per step (10 of each
 * level). The remainder is counted so the summary can say how many were not shown.
 */
import { issueCommand, type AnnotationProperties } from './commands';

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface Annotation extends AnnotationProperties {
  level: AnnotationLevel;
  message: string;
}

/** GitHub displays at most 10 error and 10 warning (and 10 notice) annotations per step. */
export const GITHUB_ANNOTATION_LIMIT = 10;

const RANK: Record<AnnotationLevel, number> = { error: 0, warning: 1, notice: 2 };

export class Annotations {
  private readonly items = new Map<string, Annotation>();

  add(annotation: Annotation): void {
    const key = [annotation.level, annotation.file, annotation.line, annotation.col, annotation.title, annotation.message].join('\u0000');
    if (!this.items.has(key)) this.items.set(key, annotation);
  }

  get size(): number {
    return this.items.size;
  }

  /** Emits the annotations GitHub will show; returns how many were emitted and how many were held back per level. */
  flush(limit = GITHUB_ANNOTATION_LIMIT): { emitted: number; omitted: Record<AnnotationLevel, number> } {
    const sorted = [...this.items.values()].sort(
      (a, b) =>
        RANK[a.level] - RANK[b.level] ||
        (a.file ?? '').localeCompare(b.file ?? '') ||
        (a.line ?? 0) - (b.line ?? 0) ||
        (a.col ?? 0) - (b.col ?? 0),
    );
    const shown: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
    const omitted: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
    let emitted = 0;
    for (const a of sorted) {
      if (shown[a.level] >= limit) {
        omitted[a.level]++;
        continue;
      }
      shown[a.level]++;
      emitted++;
      const { level, message, ...props } = a;
      issueCommand(level, { ...props }, message);
    }
    this.items.clear();
    return { emitted, omitted };
  }
}
