/** Answers and logs for the question-log tests. */
import type { Answer } from '../../src/core/types.ts';
import type { OpenedDb } from '../../src/insights/db.ts';
import { QuestionLog, type QuestionLogOptions } from '../../src/insights/log.ts';

export const DOCS = [
  { id: 'harbour-plan', title: 'Harbour plan approved' },
  { id: 'wind-farm', title: 'Offshore wind farm expansion' },
  { id: 'rail-budget', title: 'Rail budget 2024' },
];

export function answered(query: string, docs: string[] = ['harbour-plan'], score = 7.5): Answer {
  return {
    query,
    abstained: false,
    results: docs.map((id, i) => ({ text: `Sentence ${i}.`, doc: { id, title: DOCS.find((d) => d.id === id)?.title ?? id }, paragraph: i + 3, score: score - i, highlights: [] })),
    suggestions: [],
  };
}

export function abstained(query: string): Answer {
  return { query, abstained: true, results: [], suggestions: ['harbour plan'] };
}

/** A log over an already open database (the tests share one per engine); closing it leaves the database open. */
export function logOver(opened: OpenedDb, options: Partial<QuestionLogOptions> = {}): QuestionLog {
  return new QuestionLog({
    mode: 'hashed',
    retentionDays: 90,
    open: async () => ({ ...opened, close: async () => {} }),
    explain: (e) => String(e),
    flushMs: 5,
    ...options,
  });
}
