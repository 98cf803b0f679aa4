import { describe, expect, test } from 'vitest';
import { rollbackTarget } from './rollback-target';

describe('rollbackTarget', () => {
  test('a model whose only production version is the current one has nothing to roll back to', () => {
    expect(rollbackTarget([{ version: 1, toStage: 'production' }], 1)).toBeNull();
    expect(rollbackTarget([{ version: 2, toStage: 'staging' }, { version: 1, toStage: 'production' }, { version: 1, toStage: 'staging' }], 1)).toBeNull();
    expect(rollbackTarget([], undefined)).toBeNull();
  });

  test('the latest earlier production version, newest first as the history lists them', () => {
    const history = [
      { version: 3, toStage: 'production' },
      { version: 2, toStage: 'archived' },
      { version: 2, toStage: 'production' },
      { version: 1, toStage: 'archived' },
      { version: 1, toStage: 'production' },
    ];
    expect(rollbackTarget(history, 3)).toBe(2);
    // After a rollback to 1, the version rolled back from is the one to go back to.
    expect(rollbackTarget([{ version: 1, toStage: 'production' }, { version: 2, toStage: 'archived' }, ...history.slice(2)], 1)).toBe(2);
  });

  test('with nothing in production, the latest version that served', () => {
    expect(rollbackTarget([{ version: 1, toStage: 'archived' }, { version: 1, toStage: 'production' }], undefined)).toBe(1);
  });
});
