import { describe, expect, test } from 'vitest';
import { trainNode } from '../nodes/train';
import { checkModelName } from './model-name';

describe('model names', () => {
  test('URL-safe names pass; others say what is allowed', () => {
    expect(checkModelName('penguin-species.v2_a')).toBeNull();
    expect(checkModelName('my model')).toMatch(/^'my model' cannot name a model\. Use 1 to 64 letters, digits/);
    expect(checkModelName('')).toMatch(/^Give the model a name\./);
    expect(checkModelName('-x')).not.toBeNull();
    expect(checkModelName('a'.repeat(65))).not.toBeNull();
  });

  test("Train's 'Register on success as' takes a model name, or nothing", () => {
    const base = { target: 'Species' };
    expect(trainNode.params.safeParse({ ...base }).success).toBe(true);
    expect(trainNode.params.safeParse({ ...base, registerAs: '' }).success).toBe(true);
    expect(trainNode.params.safeParse({ ...base, registerAs: 'penguins' }).success).toBe(true);
    const bad = trainNode.params.safeParse({ ...base, registerAs: 'no spaces' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/^Register on success as: Use 1 to 64/);
  });
});
