import { open } from 'node:fs/promises';

/**
 * A file's bytes lent to a parser on one buffer reused from read to read. On the VMs Pipewright runs on,
 * the first touch of freshly mapped memory costs ~2.5 ms per MB, ten times the read itself: `readFile`
 * of a 96 MB CSV took 250 ms, the same read into a buffer already touched 7 ms.
 *
 * `use` must not keep the bytes (or a view of them) after it settles: the next read overwrites them.
 * Readers that may keep views (NPY, Parquet) read with `readFile` instead. A read while the buffer is
 * lent, or of a file over LENT_MAX_BYTES, gets a buffer of its own, dropped afterwards. An idle buffer
 * is let go after IDLE_MS, so a worker that parsed one large file does not hold its size for good.
 */
const LENT_MAX_BYTES = 1024 * 2 ** 20;
const IDLE_MS = 30_000;

let kept: ArrayBuffer | undefined;
let lent = false;
let idleTimer: NodeJS.Timeout | undefined;

export async function withFileBytes<T>(file: string, use: (bytes: Uint8Array) => Promise<T> | T): Promise<T> {
  const handle = await open(file, 'r');
  let borrowed = false;
  try {
    const size = (await handle.stat()).size;
    borrowed = !lent && size <= LENT_MAX_BYTES;
    const bytes = borrowed ? borrow(size) : new Uint8Array(size);
    for (let filled = 0; filled < size; ) {
      const { bytesRead } = await handle.read(bytes, filled, size - filled, filled);
      if (bytesRead === 0) throw new Error(`${file} ended at byte ${filled} of the ${size} it had when opened.`);
      filled += bytesRead;
    }
    await handle.close();
    return await use(bytes);
  } finally {
    // Closing twice is harmless; a close that failed above has already thrown, and the buffer is given back either way.
    await handle.close().catch(() => {});
    if (borrowed) giveBack();
  }
}

function borrow(size: number): Uint8Array {
  lent = true;
  clearTimeout(idleTimer);
  // A kept buffer far larger than the file would pin memory a smaller one would not.
  if (!kept || kept.byteLength < size || kept.byteLength > 2 * Math.max(size, 2 ** 20)) kept = new ArrayBuffer(size);
  return new Uint8Array(kept, 0, size);
}

function giveBack(): void {
  lent = false;
  idleTimer = setTimeout(() => (kept = undefined), IDLE_MS);
  idleTimer.unref();
}
