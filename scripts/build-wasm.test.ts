import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesModule, compileWat, WASM_DIRECTORIES } from './build-wasm.mjs';

const modules = WASM_DIRECTORIES.flatMap((directory) =>
  readdirSync(directory)
    .filter((file) => file.endsWith('.wat'))
    .map((file) => ({ directory, name: file.slice(0, -'.wat'.length) })),
);

describe('the WebAssembly kernels', () => {
  it('has the kernel modules', () => {
    expect(modules.map((m) => m.name)).toEqual(expect.arrayContaining(['histogram-kernels', 'linear-kernels', 'predict-kernels', 'tree-walk', 'plain-rows']));
  });

  it.each(modules.map((m) => [`${basename(m.directory)}/${m.name}`, m] as const))('%s-wasm.ts holds the bytes its .wat compiles to (run node scripts/build-wasm.mjs after editing the .wat)', async (_, { directory, name }) => {
    const bytes = await compileWat(join(directory, `${name}.wat`));
    expect(readFileSync(join(directory, `${name}-wasm.ts`), 'utf8')).toBe(bytesModule(name, bytes));
    expect(WebAssembly.validate(new Uint8Array(bytes))).toBe(true);
  });
});
