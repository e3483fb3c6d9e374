/**
 * Pieces shared by every embed renderer (render.ts for answers, help and /corpus; renderExtract.ts for /stats,
 * /quote and /sources): the colours, the citation line and the link check. A file of their own, so that the
 * renderers import them one way and never each other in a circle.
 */
import type { DocumentInfo } from '../../core/types.ts';
import { cutAtWord } from './limits.ts';
import { escapeMarkdown } from './markdown.ts';

export const COLORS = { answer: 0x2b6cb0, abstained: 0xd69e2e, failure: 0xc53030, help: 0x4a5568, corpus: 0x2f855a } as const;

/** A URL fit for a markdown link (http/https only, parentheses and spaces encoded), or null. */
export function linkUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    return parsed.href.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/\s/g, '%20');
  } catch {
    return null;
  }
}

/** "— **Title** (2022-08-14), paragraph 11 · [source](https://…)" */
export function citationLine(doc: DocumentInfo, paragraph: number, titleMax = 200): string {
  const link = linkUrl(doc.source);
  const title = escapeMarkdown(cutAtWord(doc.title.replace(/\s+/g, ' '), titleMax), false);
  return `— **${title}**${doc.date ? ` (${doc.date})` : ''}, paragraph ${paragraph}${link ? ` · [source](${link})` : ''}${doc.server ? " · this server's document" : ''}`;
}
