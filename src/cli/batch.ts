import readline from 'node:readline';

/** One batch request line: `{"q": "...", "doc"?: "...", "speaker"?: "..."}`. */
export interface BatchRequest {
  q: string;
  doc?: string;
  speaker?: string;
}

/** Parses a batch line; a bad line becomes an error value so that its answer line still appears in order. */
export function parseBatchLine(line: string): BatchRequest | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { error: 'not valid JSON' };
  }
  if (typeof value === 'string') return { q: value };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'expected a JSON object like {"q": "..."}' };
  const record = value as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? undefined : String(v));
  const q = text(record.q ?? record.question ?? record.query) ?? '';
  const doc = text(record.doc);
  const speaker = text(record.speaker);
  return { q, ...(doc ? { doc } : {}), ...(speaker ? { speaker } : {}) };
}

/** Reads JSON lines from `input` and writes one JSON answer line per non-blank line, in order. */
export async function runBatch(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  answer: (request: BatchRequest | { error: string }) => unknown,
): Promise<number> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let count = 0;
  for await (const line of lines) {
    if (!line.trim()) continue;
    output.write(`${JSON.stringify(answer(parseBatchLine(line)))}\n`);
    count++;
  }
  return count;
}
