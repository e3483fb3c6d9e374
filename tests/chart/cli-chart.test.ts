/**
 * `stats … --chart FILE` on the bundled corpus, in a real child process as scripts run it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/run.ts';
import { tempDir } from '../support/temp.ts';

const SEED_TITLE = 'Stable chain and strong chain optimize layout (new economic orientation, consolidate the trend of economic recovery)';
const dir = tempDir('policybot-chart-cli-');

describe('GIVEN stats "manufacturing value added" --chart', () => {
  it('WITH x.svg THEN the SVG holds both values, the document title and date, and the computed change marked computed', () => {
    const file = path.join(dir, 'x.svg');
    const run = cli(['stats', 'manufacturing value added', '--chart', file]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('31.4 trillion yuan');
    const svg = fs.readFileSync(file, 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('>16.98 trillion yuan<');
    expect(svg).toContain('>31.4 trillion yuan<');
    // The source line may wrap onto two lines; its words are all there, with date and paragraph.
    const visible = [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join(' ');
    expect(visible.replace(/\s+/g, ' ')).toContain(`Source: ${SEED_TITLE} (2022-08-14), paragraph 3`);
    expect(visible).toMatch(/computed by policybot, not quoted: 2012→2021 \+14\.42 trillion yuan/);
    expect(visible).toContain('Added value of the manufacturing industry, 2012–2021');
  });

  it('WITH x.png THEN a valid PNG of at least 1200x600 px; --json gains the series', () => {
    const file = path.join(dir, 'x.png');
    const run = cli(['stats', 'manufacturing value added', '--chart', file, '--json']);
    expect(run.status).toBe(0);
    const png = fs.readFileSync(file);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(1200);
    expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(600);
    const answer = JSON.parse(run.stdout);
    expect(answer.series[0]).toEqual({
      measure: 'added value of the manufacturing industry',
      unit: 'yuan',
      kind: 'time',
      points: [
        { x: '2012', value: 16.98e12, text: '16.98 trillion yuan', doc: '2022-08-14-stable-chain-and-strong-chain-optimize-layout', paragraph: 3 },
        { x: '2021', value: 31.4e12, text: '31.4 trillion yuan', doc: '2022-08-14-stable-chain-and-strong-chain-optimize-layout', paragraph: 3 },
      ],
      changes: [{ from: '2012', to: '2021', label: '+14.42 trillion yuan (+84.9%, 7.1% a year compounded)', computed: true }],
    });
  });
});

describe('GIVEN a topic whose figures form no series', () => {
  it('THEN exit 2 with one line on stderr, and no file written; --json still has "series": []', () => {
    const file = path.join(dir, 'none.png');
    const run = cli(['stats', 'OLED shipments', '--chart', file]);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^no chart: /);
    expect(fs.existsSync(file)).toBe(false);
    expect(JSON.parse(cli(['stats', 'OLED shipments', '--json']).stdout).series).toEqual([]);
  });

  it('WITH a file name that is neither .png nor .svg THEN a usage error, exit 2', () => {
    const run = cli(['stats', 'manufacturing value added', '--chart', path.join(dir, 'x.gif')]);
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toMatch(/--chart takes a file name ending in \.png or \.svg/);
  });
});
