import type { Answer, Failure } from '../../core/types.ts';

/** The CLI's JSON form of an answer: the contract scripts and the evaluation rely on. */
export interface AnswerJson {
  query: string;
  abstained: boolean;
  results: {
    text: string;
    doc: { id: string; title: string; date?: string; source?: string; server?: true };
    paragraph: number;
    section?: string;
    score: number;
  }[];
  suggestions?: string[];
  error?: { code: string; message: string; hints?: readonly string[] };
}

export function answerToJson(answer: Answer): AnswerJson {
  return {
    query: answer.query,
    abstained: answer.abstained,
    results: answer.results.map((r) => ({
      text: r.text,
      doc: {
        id: r.doc.id,
        title: r.doc.title,
        ...(r.doc.date ? { date: r.doc.date } : {}),
        ...(r.doc.source ? { source: r.doc.source } : {}),
        ...(r.doc.server ? { server: true as const } : {}),
      },
      paragraph: r.paragraph,
      ...(r.section ? { section: r.section } : {}),
      score: r.score,
    })),
    ...(answer.abstained ? { suggestions: [...answer.suggestions] } : {}),
  };
}

/** A failed question still gets a line in batch mode, so answers stay aligned with questions. */
export function failureToJson(query: string, failure: Failure): AnswerJson {
  return {
    query,
    abstained: true,
    results: [],
    error: { code: failure.code, message: failure.message, ...(failure.hints ? { hints: failure.hints } : {}) },
  };
}
