/**
 * The token scopes each action needs, as a function of what a step passes it: the table a job's
 * `permissions:` is checked against (every scope its steps need, and nothing more). For shipkit's
 * own actions, `documented` is what the action's action.yml or README says it needs; the test holds
 * the table to that text in both directions.
 */
import { ownAction } from './own-actions';

export type Level = 'read' | 'write';
export type Scopes = Record<string, Level>;
type With = Record<string, unknown>;

/** A value set by an expression: it may be anything at run time. */
const dynamic = (v: unknown): boolean => typeof v === 'string' && v.includes('${{');
/** The input may be `value` at run time (it is, or it is an expression). */
const mayBe = (w: With, input: string, ...values: string[]): boolean => dynamic(w[input]) || values.includes(String(w[input] ?? ''));

/** `scopes` when `condition` holds, else none. */
const when = (condition: boolean, scopes: Scopes): Scopes => (condition ? scopes : {});

interface ActionPermissions {
  /** The scopes for one step, from its `with:`. */
  needs: (w: With) => Scopes;
  /** Every scope the action can need, as its docs say it (`deployments: write`); shipkit's actions only. */
  documented?: string[];
}

export const ACTION_PERMISSIONS: Record<string, ActionPermissions> = {
  // Third-party actions, from their READMEs.
  'actions/checkout': { needs: () => ({ contents: 'read' }) },
  'actions/setup-node': { needs: () => ({}) },
  // The same run's artifacts go through the runner's own token; another run's need `actions: read`.
  'actions/upload-artifact': { needs: () => ({}) },
  'actions/download-artifact': { needs: (w) => when(w['run-id'] !== undefined || w['github-token'] !== undefined, { actions: 'read' }) },
  'github/codeql-action/upload-sarif': { needs: () => ({ 'security-events': 'write' }) },
  // shipkit's actions.
  'fast-gates': { needs: () => ({}), documented: [] },
  'coverage-gate': { needs: (w) => when(w['baseline-artifact'] !== undefined, { actions: 'read' }), documented: ['actions: read'] },
  'mutation-changed': { needs: () => ({}), documented: [] },
  smoke: { needs: () => ({}), documented: [] },
  'slo-watch': { needs: (w) => when(w.since !== undefined, { deployments: 'read' }), documented: ['deployments: read'] },
  'preview-deploy': {
    needs: (w) => ({
      deployments: 'write',
      ...when(mayBe(w, 'comment', 'true', ''), { 'pull-requests': 'write' }),
      ...when(mayBe(w, 'mode', 'gc'), { issues: 'read' }),
    }),
    documented: ['deployments: write', 'pull-requests: write', 'issues: read'],
  },
  'canary-step': { needs: () => ({ deployments: 'write' }), documented: ['deployments: write'] },
  rollback: {
    needs: (w) => ({ deployments: 'write', ...when(mayBe(w, 'issue', 'true', ''), { issues: 'write' }) }),
    documented: ['deployments: write', 'issues: write'],
  },
  diagnose: {
    needs: (w) => ({
      ...when(w['run-id'] !== undefined, { actions: 'read' }),
      ...when(mayBe(w, 'mode', 'issue', 'auto'), { issues: 'write' }),
      ...when(mayBe(w, 'mode', 'comment', 'auto'), { 'pull-requests': 'write' }),
    }),
    documented: ['actions: read', 'issues: write', 'pull-requests: write'],
  },
};

/** The table's key for a `uses:` (a shipkit action by name, a third-party one as owner/repo[/path]), or undefined for an unknown one. */
export function permissionKey(uses: string): string | undefined {
  const own = ownAction(uses);
  if (own !== undefined) return own;
  const name = uses.split('@')[0]!;
  return name in ACTION_PERMISSIONS ? name : undefined;
}

const merge = (a: Scopes, b: Scopes): Scopes => {
  const out = { ...a };
  for (const [scope, level] of Object.entries(b)) if (out[scope] !== 'write') out[scope] = level;
  return out;
};

interface Step {
  uses?: string;
  with?: With;
}

/** What a job's steps need, and the steps the table does not know. */
export function requiredScopes(steps: Step[]): { scopes: Scopes; unknown: string[] } {
  let scopes: Scopes = {};
  const unknown: string[] = [];
  for (const s of steps) {
    if (s.uses === undefined) continue;
    const key = permissionKey(s.uses);
    if (key === undefined || !(key in ACTION_PERMISSIONS)) {
      unknown.push(s.uses);
      continue;
    }
    scopes = merge(scopes, ACTION_PERMISSIONS[key]!.needs(s.with ?? {}));
  }
  return { scopes, unknown };
}

/** A `permissions:` value as scopes (`{}`, a map, `read-all`/`write-all` spelled out as what they are). */
export function grantedScopes(permissions: unknown): Scopes | 'read-all' | 'write-all' {
  if (permissions === 'read-all' || permissions === 'write-all') return permissions;
  const out: Scopes = {};
  for (const [scope, level] of Object.entries((permissions ?? {}) as Record<string, string>))
    if (level === 'read' || level === 'write') out[scope] = level;
  return out;
}
