import { describe, expect, it } from 'vitest';
import { ACCESS_MEMO_MS, createAccessMemo } from './access-memo';

describe('access memo', () => {
  it('answers for ACCESS_MEMO_MS after an answer was found, then asks again', () => {
    let clock = 1_000;
    const memo = createAccessMemo(() => clock);
    expect(memo.get('pipeline t p')).toBeUndefined();
    expect(memo.set('pipeline t p', true)).toBe(true);
    clock += ACCESS_MEMO_MS - 1;
    expect(memo.get('pipeline t p')).toBe(true);
    clock += 1;
    expect(memo.get('pipeline t p')).toBeUndefined();
  });

  it('keeps the newest 2,000 answers', () => {
    const memo = createAccessMemo(() => 0);
    for (let i = 0; i <= 2_000; i++) memo.set(`upload t ${i}`, i);
    expect(memo.get('upload t 0')).toBeUndefined();
    expect(memo.get('upload t 1')).toBe(1);
    expect(memo.get('upload t 2000')).toBe(2_000);
  });
});
