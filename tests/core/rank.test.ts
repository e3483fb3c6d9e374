import { describe, expect, it } from 'vitest';
import { analyzeQuery } from '../../src/core/search/query.ts';
import { associatesOf, DEFAULT_RANKING, rankPassages, topicTermsOf } from '../../src/core/search/rank.ts';
import { synonymsOf } from '../../src/core/search/thesaurus.ts';
import { indexOf } from './helpers.ts';

const bestSentence = (index: ReturnType<typeof indexOf>, question: string, options = DEFAULT_RANKING) => {
  const top = rankPassages(index, analyzeQuery(question), {}, options)[0]!;
  const span = top.passage.sentences[top.bestSentence]!;
  return top.passage.text.slice(span.start, span.end);
};

describe('thesaurus expansion', () => {
  it('GIVEN a thesaurus word THEN its group members come back as stemmed terms', () => {
    expect(synonymsOf('data')).toContain('inform');
    expect(synonymsOf('delet')).toContain('eras');
    expect(synonymsOf('steel')).toEqual([]);
  });

  it('GIVEN a question saying "data" and a policy saying "information" THEN the policy sentence wins', () => {
    const index = indexOf({
      policy: '# Policy\n\nOur offices are open daily. We delete your information after two years.\n\nThe hosting firm runs our servers.',
    });
    expect(bestSentence(index, 'When do you erase my data?')).toBe('We delete your information after two years.');
    expect(rankPassages(index, analyzeQuery('When do you erase my data?'), {}, { ...DEFAULT_RANKING, expansionWeight: 0 })).toEqual([]);
  });
});

describe('sentence context', () => {
  it('GIVEN an answer sentence that leans on the one before ("These regions") THEN it is the best sentence', () => {
    const index = indexOf({
      article: '# Regions\n\nThe central and western regions now attract the manufacturing that moves inland from the coast. These regions can also become a new window for opening up.',
    });
    expect(bestSentence(index, 'What can the central and western regions become a new window for?')).toBe('These regions can also become a new window for opening up.');
  });
});

describe('associated terms (questions scoped to one document)', () => {
  const other = (n: number) =>
    `# Other ${n}\n\nWe collect your financial details such as your credit card number.\n\nWe keep records for a year.\n\nVisitors may browse freely.`;
  const files = {
    a: other(1),
    b: other(2),
    c: other(3),
    policy: '# Policy\n\nWe keep records for a year. Visitors may browse freely.\n\nWhen you buy a ticket we take your credit card number.',
  };

  it('GIVEN terms that share passages across the corpus THEN they are each other\'s associates', () => {
    const index = indexOf(files);
    const id = index.compact.termIds.get('financi')!;
    const associates = associatesOf(index.compact, id).map((t) => index.compact.terms[t]);
    expect(associates).toContain('credit');
    expect(associates).not.toContain('record');
  });

  it('GIVEN a scoped question whose own words the document lacks THEN passages holding their associates rank first', () => {
    const index = indexOf(files);
    const ranked = rankPassages(index, analyzeQuery('Do you collect my financial information?'), { docId: 'policy' });
    expect(ranked[0]!.passage.text).toContain('credit card');
    expect(rankPassages(index, analyzeQuery('Do you collect my financial information?'), { docId: 'policy' }, { ...DEFAULT_RANKING, scopedAssociates: 0, scopedTopicTerms: 0 })).toEqual([]);
    // Unscoped, the question's own words are found elsewhere and no associate is searched for.
    expect(rankPassages(index, analyzeQuery('Do you collect my financial information?')).every((r) => r.passage.docId !== 'policy')).toBe(true);
  });
});

describe('topic terms (questions scoped to one document)', () => {
  const other = (n: number) =>
    `# Other ${n}\n\nTo stop our emails, use the unsubscribe link at the bottom of each one to opt out.\n\nWe keep records for a year.\n\nVisitors may browse freely.`;
  const files = {
    a: other(1),
    b: other(2),
    c: other(3),
    policy: '# Policy\n\nWe send emails about your orders and emails about our news.\n\nWant it to stop? The unsubscribe link at the bottom lets you opt out.',
  };
  const question = 'How do I stop emails?';
  // Associates off, to see what the topic terms do alone.
  const options = { ...DEFAULT_RANKING, scopedAssociates: 0 };

  it('GIVEN other documents answering the question THEN the words their answers share are topic terms', () => {
    const index = indexOf(files);
    const searchTerms = ['stop', 'email'].map((term, group) => ({ term, weight: 1, group }));
    const topic = topicTermsOf(index, searchTerms, searchTerms, 'policy', options).map((t) => t.term);
    expect(topic).toContain('unsubscrib');
    expect(topic).not.toContain('record');
    expect(topic).not.toContain('stop');
  });

  it('GIVEN a scoped question THEN the passage worded like the other documents\' answers ranks first', () => {
    const index = indexOf(files);
    const first = (o: typeof options) => rankPassages(index, analyzeQuery(question), { docId: 'policy' }, o)[0]!.passage.text;
    expect(first(options)).toContain('unsubscribe');
    expect(first({ ...options, scopedTopicTerms: 0 })).toContain('orders');
  });
});
