/**
 * Reusable scratch arrays for a kernel's row-sized temporaries (key codes, row index lists). Touching
 * freshly allocated memory costs about 4 ms per MB on the VMs Pipewright runs on (each new page is a
 * fault the hypervisor serves), which made fresh temporaries most of a join's or a group-by's time;
 * a reused buffer costs nothing to reach. Each slot is one grow-only buffer: a caller owns its slot's
 * contents only until it calls scratchInt32 with that slot again, so slots are named per use and
 * never returned to callers outside the kernel. Contents are not cleared.
 */
const buffers = new Map<string, Int32Array>();
/** Buffers past this many elements (64 MB) are not kept, so a huge one-off table does not pin its memory. */
const MAX_KEPT = 16 << 20;

export function scratchInt32(slot: string, length: number): Int32Array {
  const kept = buffers.get(slot);
  if (kept && kept.length >= length) return kept.subarray(0, length);
  const fresh = new Int32Array(length);
  if (length <= MAX_KEPT) buffers.set(slot, fresh);
  return fresh;
}
