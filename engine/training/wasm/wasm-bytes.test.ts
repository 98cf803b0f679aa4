import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesModule, compileWat } from '../../../scripts/build-wasm.mjs';

describe('engine/training/wasm', () => {
  it('linear-kernels-wasm.ts holds the bytes linear-kernels.wat compiles to (run node scripts/build-wasm.mjs after editing the .wat)', async () => {
    const bytes = await compileWat(join(__dirname, 'linear-kernels.wat'));
    expect(readFileSync(join(__dirname, 'linear-kernels-wasm.ts'), 'utf8')).toBe(bytesModule('linear-kernels', bytes));
    expect(WebAssembly.validate(new Uint8Array(bytes))).toBe(true);
  });
});
