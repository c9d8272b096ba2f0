#!/usr/bin/env node
// `shipkit <action> --<input> value …`: runs an action's committed bundle outside GitHub.
import { main } from '../src/cli.js';

process.exitCode = await main(process.argv.slice(2));
