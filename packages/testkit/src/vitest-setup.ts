// Setup file of the e2e project: the temp dirs of every bundle run go when the test file ends.
import { afterAll } from 'vitest';
import { removeRunDirs } from './harness';

afterAll(removeRunDirs);
