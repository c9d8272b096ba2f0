import { afterEach, describe, expect, it } from 'vitest';
import { ToolMissing, findCommand, requireTool, setupPackages } from '../src/tools';

const path = process.env.PATH;
afterEach(() => {
  process.env.PATH = path;
});

describe('requireTool', () => {
  it('finds a listed tool where set-up looks for it', () => {
    expect(requireTool('git')).toMatch(/\/git$/);
    expect(requireTool('git')).toBe(findCommand('git'));
  });

  it('fails with one line naming the tool, its package and the set-up command when it is not installed', () => {
    process.env.PATH = '';
    const diffCover = setupPackages().find((p) => p.provides === 'diff-cover');
    expect(diffCover).toBeDefined();
    const error = (() => {
      try {
        requireTool('diff-cover');
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ToolMissing);
    expect(error?.message).toBe(
      `diff-cover is not installed: run \`npm run setup\` (it installs the Debian package ${diffCover?.name}; elsewhere: ${diffCover?.elsewhere})`,
    );
    expect(error?.stack).toBe(`ToolMissing: ${error?.message}`);
  });

  it('refuses a tool the list does not name: set-up would never install it', () => {
    const unlisted = 'kubectl';
    expect(() => requireTool(unlisted)).toThrow(
      new ToolMissing('kubectl is not in scripts/setup-packages.txt: add its Debian package there, so set-up and CI install it'),
    );
  });

  it('checks a python module with the system python3', () => {
    expect(requireTool('python3:junitparser')).toMatch(/python3$/);
  });
});
