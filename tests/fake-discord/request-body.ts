/**
 * Reading REST request bodies as discord.js sends them: JSON, or multipart/form-data when a message
 * carries files (a `payload_json` part with the JSON body plus `files[N]` parts).
 * The multipart parser is minimal: enough for recording and assertions, no nested multiparts.
 */
import type http from 'node:http';
import type { UploadedFile } from './payloads.ts';

export interface MultipartPart {
  readonly name: string;
  readonly filename: string | null;
  readonly contentType: string | null;
  readonly data: Buffer;
}

/** The boundary of a `multipart/form-data; boundary=...` content type, or null for other types. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) return null;
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2] ?? '').trim() : null;
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function dispositionParam(disposition: string, param: string): string | null {
  const match = new RegExp(`(?:^|;)\\s*${param}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(disposition);
  return match ? match[1]!.replace(/\\(.)/g, '$1') : null;
}

/** Splits a multipart body into its parts. Parts without a name are skipped. */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const contentStart = start + delimiter.length;
    // `--boundary--` closes the body.
    if (body.subarray(contentStart, contentStart + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, contentStart);
    if (next === -1) break;
    // Each part is `\r\n<headers>\r\n\r\n<data>\r\n` between delimiters.
    const part = body.subarray(contentStart + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = parseHeaders(part.subarray(0, headerEnd).toString('utf8'));
      const disposition = headers.get('content-disposition') ?? '';
      const name = dispositionParam(disposition, 'name');
      if (name !== null) {
        parts.push({
          name,
          filename: dispositionParam(disposition, 'filename'),
          contentType: headers.get('content-type') ?? null,
          data: Buffer.from(part.subarray(headerEnd + 4)),
        });
      }
    }
    start = next;
  }
  return parts;
}

/** Request headers with lower-case names; the Authorization value never gets recorded. */
export function recordableHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    record[name] = name === 'authorization' ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value;
  }
  return record;
}

export async function readBody(request: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** JSON, multipart (`payload_json` + files) or text; null when empty. Throws SyntaxError on bad JSON. */
export function parseBody(raw: Buffer, contentType: string | undefined): { body: unknown; files: UploadedFile[] } {
  if (raw.length === 0) return { body: null, files: [] };
  const boundary = multipartBoundary(contentType);
  if (boundary) {
    const parts = parseMultipart(raw, boundary);
    const payload = parts.find((p) => p.name === 'payload_json');
    const files = parts.flatMap((p) =>
      p.filename === null ? [] : [{ field: p.name, filename: p.filename, contentType: p.contentType ?? 'application/octet-stream', data: p.data }],
    );
    return { body: payload ? JSON.parse(payload.data.toString('utf8')) : null, files };
  }
  if (/json/i.test(contentType ?? '')) return { body: JSON.parse(raw.toString('utf8')), files: [] };
  return { body: raw.toString('utf8'), files: [] };
}
