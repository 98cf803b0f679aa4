import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesModule, compileWat } from '../../../scripts/build-wasm.mjs';

const modules = readdirSync(__dirname)
  .filter((file) => file.endsWith('.wat'))
  .map((file) => file.slice(0, -'.wat'.length));

describe('engine/training/wasm', () => {
  it('has the kernel modules', () => {
    expect(modules).toEqual(expect.arrayContaining(['histogram-kernels', 'linear-kernels', 'predict-kernels', 'tree-walk']));
  });

  it.each(modules)('%s-wasm.ts holds the bytes its .wat compiles to (run node scripts/build-wasm.mjs after editing the .wat)', async (name) => {
    const bytes = await compileWat(join(__dirname, `${name}.wat`));
    expect(readFileSync(join(__dirname, `${name}-wasm.ts`), 'utf8')).toBe(bytesModule(name, bytes));
    expect(WebAssembly.validate(new Uint8Array(bytes))).toBe(true);
  });
});
