import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configDocs } from '@resetline/adapters';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe('the README stays true', () => {
  it('documents every environment variable the configuration reads', () => {
    const missing = configDocs.map((d) => d.name).filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });

  it('names the two commands, and CI runs the same test command', () => {
    expect(readme).toContain('npm start');
    expect(readme).toContain('npm test');
    const ci = readFileSync(join(root, '.ci', 'run'), 'utf8');
    expect(ci).toMatch(/^npm test$/m);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts['test']).toBeDefined();
    expect(pkg.scripts['start']).toBeDefined();
  });

  it('links only to docs that exist', () => {
    const links = [...readme.matchAll(/\]\((docs\/[^)]+)\)/g)].map((m) => m[1] ?? '');
    const missing = links.filter((link) => {
      try {
        readFileSync(join(root, link));
        return false;
      } catch {
        return true;
      }
    });
    expect(missing).toEqual([]);
  });
});
