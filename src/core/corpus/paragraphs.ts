/** A block of text between blank lines, as found in the file. */
export interface Block {
  readonly text: string;
  /** Set when the block is a Markdown `#` heading: its level. */
  readonly headingLevel?: number;
}

export interface StructuredBody {
  /** Paragraphs in reading order, each with the section heading it stands under. */
  readonly paragraphs: readonly { readonly text: string; readonly section?: string }[];
  readonly sections: readonly string[];
}

/** Splits text into blocks at blank lines; lines inside a block are joined with single spaces. */
export function splitBlocks(body: string, markdown: boolean): Block[] {
  const blocks: Block[] = [];
  let lines: string[] = [];
  const flush = () => {
    if (lines.length > 0) blocks.push({ text: lines.join(' ') });
    lines = [];
  };
  for (const rawLine of body.split(/\r\n|\r|\n/)) {
    const line = rawLine.trim();
    if (line === '') {
      flush();
      continue;
    }
    const heading = markdown ? /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line) : null;
    if (heading) {
      flush();
      if (heading[2]) blocks.push({ text: heading[2], headingLevel: heading[1]!.length });
      continue;
    }
    lines.push(line);
  }
  flush();
  return blocks;
}

const HEADING_MAX_WORDS = 16;
const HEADING_MAX_CHARS = 160;

/**
 * A plain block is taken for a section heading when it is one short line without final punctuation and a
 * paragraph follows it: the form the seed article and most rulebooks use for their headings.
 */
export function looksLikeHeading(block: Block, next: Block | undefined): boolean {
  if (!next || next.headingLevel !== undefined) return false;
  const text = block.text;
  if (text.length > HEADING_MAX_CHARS || text.split(/\s+/).length > HEADING_MAX_WORDS) return false;
  if (/[.!?;:,…"'”’)\]]$/.test(text)) return false;
  // Bullets and list items are content, not headings.
  if (/^([-*•]|\(?[a-z0-9]{1,3}[.)])\s/i.test(text)) return false;
  return /\p{L}/u.test(text);
}

/** Turns blocks into paragraphs under their sections. */
export function structure(blocks: readonly Block[]): StructuredBody {
  const paragraphs: { text: string; section?: string }[] = [];
  const sections: string[] = [];
  let section: string | undefined;
  blocks.forEach((block, i) => {
    if (block.headingLevel !== undefined || looksLikeHeading(block, blocks[i + 1])) {
      section = block.text;
      sections.push(section);
      return;
    }
    paragraphs.push(section === undefined ? { text: block.text } : { text: block.text, section });
  });
  return { paragraphs, sections };
}
