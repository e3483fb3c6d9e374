import { nextTurn } from '../steps.ts';
import type { Passage } from '../types.ts';

/**
 * Warming a young process up. The JIT optimises the code that answers questions only after it has run a few
 * dozen times: a fresh process answers its first 20-30 questions 2-4x slower than later ones (11 MB corpus: 10-40 ms
 * instead of 3-8 ms). A server asks itself questions made of the corpus's own words after start, so that its
 * users' first questions are answered as fast as the later ones.
 */

/** How many questions warm the answering code up (slow answers stop after 20-30; measured on ObliQA questions). */
export const WARM_UP_QUESTIONS = 60;
/** Words of a warm-up question: about as long as users' questions. */
const QUESTION_WORDS = 12;

/** Questions made of the opening words of passages spread evenly over the corpus (the same ones every time). */
export function warmUpQuestions(passages: readonly Passage[], count = WARM_UP_QUESTIONS): string[] {
  if (passages.length === 0 || count <= 0) return [];
  const step = passages.length / Math.min(count, passages.length);
  const questions: string[] = [];
  for (let i = 0; i < passages.length && questions.length < count; i += step) {
    const words = passages[Math.floor(i)]!.text.split(/\s+/).filter(Boolean).slice(0, QUESTION_WORDS);
    if (words.length > 0) questions.push(`${words.join(' ')}?`);
  }
  return questions;
}

/**
 * Asks `questions`, one per turn of the event loop (a server keeps answering meanwhile). A question that fails
 * is skipped: warming up only ever costs time.
 */
export async function warmUp(ask: (question: string) => unknown, questions: readonly string[]): Promise<void> {
  for (const question of questions) {
    await nextTurn();
    try {
      ask(question);
    } catch {
      // Warming up is best effort.
    }
  }
}
