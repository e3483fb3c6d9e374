import zlib from 'node:zlib';

/** Why an archive was refused: `corrupt` (not a readable ZIP) or `too_large` (it would expand past the cap). */
export class ZipError extends Error {
  constructor(readonly reason: 'corrupt' | 'too_large', message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
  readonly encrypted: boolean;
}

const MAX_ENTRIES = 10_000;

/** Reads a ZIP's central directory: names and declared sizes, nothing inflated yet. */
export function zipEntries(bytes: Uint8Array): ZipEntry[] {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let eocd = -1;
  for (let i = view.length - 22; i >= Math.max(0, view.length - 22 - 65_535); i--) {
    if (view.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('corrupt', 'the archive has no ZIP directory (truncated or damaged)');
  const count = view.readUInt16LE(eocd + 10);
  const dirOffset = view.readUInt32LE(eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) throw new ZipError('corrupt', 'ZIP64 archives are not supported');
  if (count > MAX_ENTRIES) throw new ZipError('too_large', `the archive holds more than ${MAX_ENTRIES} files`);
  const entries: ZipEntry[] = [];
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > view.length || view.readUInt32LE(at) !== 0x02014b50) throw new ZipError('corrupt', 'the ZIP directory is damaged');
    const flags = view.readUInt16LE(at + 8);
    const nameLength = view.readUInt16LE(at + 28);
    const extraLength = view.readUInt16LE(at + 30);
    const commentLength = view.readUInt16LE(at + 32);
    if (at + 46 + nameLength > view.length) throw new ZipError('corrupt', 'the ZIP directory is damaged');
    entries.push({
      name: view.toString('utf8', at + 46, at + 46 + nameLength),
      method: view.readUInt16LE(at + 10),
      compressedSize: view.readUInt32LE(at + 20),
      size: view.readUInt32LE(at + 24),
      localOffset: view.readUInt32LE(at + 42),
      encrypted: (flags & 1) === 1,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Inflates the entries `keep` selects, refusing before any inflating when their declared sizes add up to more
 * than `maxBytes`, and while inflating when an entry yields more than it declared (a lying zip bomb): zlib stops
 * at the declared size, so memory never goes past the cap.
 */
export function readZip(bytes: Uint8Array, keep: (name: string) => boolean, maxBytes: number): Map<string, Uint8Array> {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const entries = zipEntries(bytes).filter((e) => keep(e.name) && !e.name.endsWith('/'));
  const declared = entries.reduce((sum, e) => sum + e.size, 0);
  if (declared > maxBytes) throw new ZipError('too_large', `it would expand to ${Math.round(declared / 1048576)} MB, more than the ${Math.round(maxBytes / 1048576)} MB allowed`);
  const files = new Map<string, Uint8Array>();
  for (const entry of entries) {
    if (entry.encrypted) throw new ZipError('corrupt', 'the document is encrypted (password-protected)');
    const local = entry.localOffset;
    if (local + 30 > view.length || view.readUInt32LE(local) !== 0x04034b50) throw new ZipError('corrupt', `the archive entry ${entry.name} is damaged`);
    const start = local + 30 + view.readUInt16LE(local + 26) + view.readUInt16LE(local + 28);
    const end = start + entry.compressedSize;
    if (end > view.length) throw new ZipError('corrupt', `the archive entry ${entry.name} is truncated`);
    const raw = view.subarray(start, end);
    let data: Buffer;
    if (entry.method === 0) data = Buffer.from(raw);
    else if (entry.method === 8) {
      try {
        data = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size) });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
          throw new ZipError('too_large', `the archive entry ${entry.name} expands past its declared size (a zip bomb?)`);
        }
        throw new ZipError('corrupt', `the archive entry ${entry.name} cannot be inflated`);
      }
    } else throw new ZipError('corrupt', `the archive entry ${entry.name} uses an unsupported compression method (${entry.method})`);
    if (data.length !== entry.size) throw new ZipError('corrupt', `the archive entry ${entry.name} is not the size its directory says`);
    files.set(entry.name, data);
  }
  return files;
}
