/**
 * /insights' questions-per-day chart, pure: the series and its SVG (day labels, counts, the question log as the
 * source), and the Discord payload's fallback to the text sparkline when the chart cannot be drawn. No PNG is drawn.
 */
import { describe, expect, it } from 'vitest';
import { questionsPerDaySeries, sparkline, type InsightsReply } from '../../src/app/insights.ts';
import { attachChart } from '../../src/adapter/discord/chartAttachment.ts';
import { renderReply } from '../../src/adapter/discord/render.ts';
import { chartSvg, chartTitle } from '../../src/core/chart/index.ts';
import type { Report } from '../../src/insights/store.ts';
import { createLogger } from '../../src/log/logger.ts';

const TODAY = new Date('2026-12-07T12:00:00Z');

function reply(perDay: Report['perDay'], days: number, questions = perDay.reduce((n, d) => n + d.count, 0)): InsightsReply {
  return {
    days,
    scope: 'server',
    report: { questions, answered: questions, abstained: 0, ratedDown: 0, feedback: { up: 0, down: 0 }, unanswered: [], topics: [], documents: [], lowestRated: [], perDay },
  };
}

/** The text drawn in an SVG: each <text> element's content, unescaped. */
const drawn = (svg: string) => [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.replace(/&#39;/g, "'").replace(/&amp;/g, '&'));

describe('GIVEN questions logged on some days of the last week', () => {
  const week = reply(
    [
      { day: '2026-12-02', count: 3 },
      { day: '2026-12-04', count: 11 },
      { day: '2026-12-07', count: 5 },
    ],
    7,
  );

  it('THEN the series has one bar per day, oldest first, missing days 0, and names the question log as its source', () => {
    const series = questionsPerDaySeries(week, TODAY)!;
    expect(series.kind).toBe('day');
    expect(series.points.map((p) => [p.x, p.value])).toEqual([
      ['2026-12-01', 0],
      ['2026-12-02', 3],
      ['2026-12-03', 0],
      ['2026-12-04', 11],
      ['2026-12-05', 0],
      ['2026-12-06', 0],
      ['2026-12-07', 5],
    ]);
    expect(series.points.every((p) => p.doc === undefined)).toBe(true);
    expect(chartTitle(series)).toBe('Questions per day, last 7 days');
    // The same days as the text sparkline.
    expect(sparkline(week.report.perDay, 7, TODAY)).toHaveLength(7);
  });

  it('THEN its SVG draws every day (month-day under its bar) and count, the title, and the question log (no document) as the source line', () => {
    const svg = chartSvg(questionsPerDaySeries(week, TODAY)!);
    const texts = drawn(svg);
    expect(texts.filter((t) => /^\d\d-\d\d$/.test(t))).toEqual(['12-01', '12-02', '12-03', '12-04', '12-05', '12-06', '12-07']);
    // The full dates, for screen readers and the log.
    expect(svg).toMatch(/<desc>2026-12-01: 0; 2026-12-02: 3; .*2026-12-07: 5\. Source: this server/);
    for (const count of ['3', '11', '5']) expect(texts).toContain(count);
    expect(texts).toContain('Questions per day, last 7 days');
    expect(texts).toContain("Source: this server's question log, 2026-12-01 to 2026-12-07");
    expect(texts.join(' ')).not.toMatch(/paragraph|as written in the document/);
    expect(svg.match(/<rect x=/g)).toHaveLength(7);
  });

  it('WITH 30 days THEN the date labels are thinned so that they never touch, the last day always shown', () => {
    const texts = drawn(chartSvg(questionsPerDaySeries(reply([{ day: '2026-12-07', count: 2 }], 30), TODAY)!));
    const dates = texts.filter((t) => /^\d\d-\d\d$/.test(t));
    expect(dates.length).toBeGreaterThan(2);
    expect(dates.length).toBeLessThan(30);
    expect(dates[0]).toBe('11-08');
    expect(dates.at(-1)).toBe('12-07');
  });
});

describe('GIVEN no questions in the period', () => {
  it('THEN there is no chart, and the Discord reply is the text embed alone', () => {
    const empty = reply([], 30);
    expect(questionsPerDaySeries(empty, TODAY)).toBeUndefined();
    const payload = renderReply({ kind: 'insights', insights: empty }, { version: 'v1' });
    expect(payload.chart).toBeUndefined();
    expect(payload.embeds[0]!.image).toBeUndefined();
  });
});

describe('GIVEN the insights chart fails to render', () => {
  it('THEN the embed goes out with the text sparkline instead of the image, naming the error id that the log has', async () => {
    const payload = renderReply({ kind: 'insights', insights: reply([{ day: new Date().toISOString().slice(0, 10), count: 4 }], 7) }, { version: 'v1' });
    expect(payload.embeds[0]!.image).toEqual({ url: 'attachment://policybot-chart.png' });
    expect(payload.embeds[0]!.fields?.map((f) => f.name) ?? []).not.toContain('Questions per day (last 7 days)');
    const lines: string[] = [];
    const sent = await attachChart(payload, createLogger({ level: 'debug', write: (line) => lines.push(line) }), async () => {
      throw new Error('renderer crashed');
    });
    expect(sent.files).toBeUndefined();
    expect(sent.chart).toBeUndefined();
    expect(sent.chartFallback).toBeUndefined();
    expect(sent.embeds[0]!.image).toBeUndefined();
    const perDay = sent.embeds[0]!.fields?.find((f) => f.name === 'Questions per day (last 7 days)');
    expect(perDay?.value).toMatch(/^[·▁▂▃▄▅▆▇█]{7}$/);
    const record = JSON.parse(lines.find((l) => l.includes('chart render failed'))!) as { errorId: string };
    expect(sent.content).toContain(record.errorId);
  });
});
