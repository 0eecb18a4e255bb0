import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeFor, nodeVersion } from './runtime';

describe('the Node.js a checkout runs on', () => {
  it('is the runtime the checkout pins in node_modules/.bin', () => {
    const root = mkdtempSync(join(tmpdir(), 'runtime-'));
    mkdirSync(join(root, 'node_modules', '.bin'), { recursive: true });
    const pinned = join(root, 'node_modules', '.bin', 'node');
    writeFileSync(pinned, '#!/bin/sh\necho v99.0.0\n');
    chmodSync(pinned, 0o755);
    expect(nodeFor(root)).toBe(pinned);
    expect(nodeVersion(pinned)).toBe('v99.0.0');
  });

  it('is the first node on PATH outside any node_modules when the checkout pins none', () => {
    const node = nodeFor(mkdtempSync(join(tmpdir(), 'runtime-')));
    expect(node).not.toMatch(/node_modules/);
    expect(nodeVersion(node)).toMatch(/^v\d+\./);
  });
});
