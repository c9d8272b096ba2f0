/** The built-in gates, one file per tool: each runs the tool with its machine-readable output and parses it. */
export { runBiome } from './biome';
export { runEslint } from './eslint';
export { runMypy } from './mypy';
export { runPrettier } from './prettier';
export { runRuff } from './ruff';
export { runSecretlint } from './secretlint';
export { runTsc, tsProjects } from './tsc';
