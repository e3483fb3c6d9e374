/**
 * The one Discord step of a chart: a rendered payload that asks for one (`payload.chart`, set by render.ts) gets
 * the PNG as an uploaded file, which the embed's image (`attachment://policybot-chart.png`) shows. The picture
 * itself comes from the platform-neutral chart module. A chart that fails to render never costs the answer: the
 * text answer goes out without the image (or the payload's `chartFallback` embeds: /insights' text sparkline), with a
 * short note, and the error is logged with its id.
 */
import { CHART_FILE_NAME, chartPng, type Series } from '../../core/chart/index.ts';
import { errorId, type Logger } from '../../log/logger.ts';
import type { MessagePayload } from './render.ts';

export type ChartRenderer = (series: Series) => Promise<Uint8Array>;

export async function attachChart(payload: MessagePayload, logger: Logger, render: ChartRenderer = chartPng): Promise<MessagePayload> {
  if (!payload.chart) return payload;
  const { chart, chartFallback, ...rest } = payload;
  const started = performance.now();
  try {
    const png = await render(chart);
    logger.debug('chart rendered', { points: chart.points.length, bytes: png.byteLength, ms: Math.round(performance.now() - started) });
    return { ...rest, files: [{ name: CHART_FILE_NAME, data: png }] };
  } catch (error) {
    const id = errorId();
    logger.error('chart render failed', { errorId: id, measure: chart.measure, points: chart.points.length, error });
    const embeds = chartFallback ?? rest.embeds.map((embed) => {
      if (embed.image?.url !== `attachment://${CHART_FILE_NAME}`) return embed;
      const { image: _image, ...withoutImage } = embed;
      return withoutImage;
    });
    return { ...rest, embeds, content: `The chart could not be drawn (error id ${id}); here are the figures as text.` };
  }
}
