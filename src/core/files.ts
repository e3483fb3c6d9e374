import fs from 'node:fs';
import fsp from 'node:fs/promises';

/**
 * How the corpus and its snapshot are read and written: the few file operations the loader needs, in two
 * flavours with one shape.
 *
 * - `blockingFiles` does each operation at once (synchronously): for a start, when nothing else runs and
 *   waiting is all the process can do. It spares a round trip through the thread pool per operation (a start
 *   lists, stats and reads every corpus file, or its snapshot's segments: ~20 ms of a 1 MB corpus's start).
 * - `sharedFiles` goes through the thread pool: while the bot serves (a live re-index), the event loop keeps
 *   answering meanwhile.
 */
export interface Files {
  readdir(folder: string): Promise<fs.Dirent[]>;
  readFile(file: string): Promise<Buffer>;
  readText(file: string): Promise<string>;
  stat(file: string): Promise<{ size: number; mtimeMs: number; isDirectory(): boolean }>;
  /** Up to `length` bytes from the start of `file` (a header). */
  readHead(file: string, length: number): Promise<Buffer>;
}

export const sharedFiles: Files = {
  readdir: (folder) => fsp.readdir(folder, { withFileTypes: true }),
  readFile: (file) => fsp.readFile(file),
  readText: (file) => fsp.readFile(file, 'utf8'),
  stat: (file) => fsp.stat(file),
  async readHead(file, length) {
    const handle = await fsp.open(file, 'r');
    try {
      const head = Buffer.alloc(length);
      const { bytesRead } = await handle.read(head, 0, length, 0);
      return head.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  },
};

export const blockingFiles: Files = {
  readdir: async (folder) => fs.readdirSync(folder, { withFileTypes: true }),
  readFile: async (file) => fs.readFileSync(file),
  readText: async (file) => fs.readFileSync(file, 'utf8'),
  stat: async (file) => fs.statSync(file),
  async readHead(file, length) {
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(length);
      return head.subarray(0, fs.readSync(fd, head, 0, length, 0));
    } finally {
      fs.closeSync(fd);
    }
  },
};
