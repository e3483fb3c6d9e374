import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/env.ts';
import { PROJECT } from '../support/run.ts';

describe('server document settings', () => {
  it('GIVEN nothing set THEN the defaults: data/, 200 documents, 50 MB, 30 days, 256 MB', () => {
    const parsed = parseConfig({});
    expect(parsed.ok && parsed.config).toMatchObject({ GUILD_MAX_DOCUMENTS: 200, GUILD_MAX_BYTES: 50 * 1024 * 1024, GUILD_RETENTION_DAYS: 30, GUILD_INDEX_MB: 256 });
  });

  it('GIVEN sizes with units THEN they are read as bytes; bad values are one line each naming the variable', () => {
    const parsed = parseConfig({ GUILD_MAX_BYTES: '2MB', GUILD_MAX_DOCUMENTS: '10' });
    expect(parsed.ok && parsed.config.GUILD_MAX_BYTES).toBe(2 * 1024 * 1024);
    const bad = parseConfig({ GUILD_MAX_BYTES: 'lots', GUILD_MAX_DOCUMENTS: '0', GUILD_RETENTION_DAYS: '-1', GUILD_INDEX_MB: 'x' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.map((p) => p.split(':')[0])).toEqual(['GUILD_MAX_DOCUMENTS', 'GUILD_MAX_BYTES', 'GUILD_RETENTION_DAYS', 'GUILD_INDEX_MB']);
  });

  it('THEN every new variable is described in .env.example and the README, and data/ is git-ignored', () => {
    const example = fs.readFileSync(path.join(PROJECT, '.env.example'), 'utf8');
    const readme = fs.readFileSync(path.join(PROJECT, 'README.md'), 'utf8');
    for (const name of ['DATA_DIR', 'GUILD_MAX_DOCUMENTS', 'GUILD_MAX_BYTES', 'GUILD_RETENTION_DAYS', 'GUILD_INDEX_MB']) {
      expect(example).toMatch(new RegExp(`^# .*\\n(?:# .*\\n)*(?:\\w+=.*\\n)*${name}=`, 'm'));
      expect(readme).toContain(`\`${name}\``);
    }
    expect(fs.readFileSync(path.join(PROJECT, '.gitignore'), 'utf8')).toMatch(/^\/data\/$/m);
  });
});
