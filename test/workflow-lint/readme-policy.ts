/**
 * What the README snippets may do that the repository's own workflows may not: take shipkit's own
 * actions by their major tag (`org/shipkit/actions/smoke@v1`), as a user copying the snippet would;
 * the release workflow moves `vX` to each release. Third-party actions stay pinned by SHA there too.
 * `org/shipkit` stands for the repository the user takes shipkit from (this one or a fork).
 */
import type { CheckOptions } from './checks';

export const README_CHECKS: CheckOptions = {
  refPinAllowed: [/^org\/shipkit\/(actions\/[\w-]+|\.github\/workflows\/[\w.-]+\.ya?ml)@v\d+$/],
};
