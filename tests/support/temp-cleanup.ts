/** Setup file: the folders tempDir made are removed after each test file (its own after-all hooks run first). */
import { afterAll } from 'vitest';
import { removeTempDirs } from './temp.ts';

afterAll(removeTempDirs);
