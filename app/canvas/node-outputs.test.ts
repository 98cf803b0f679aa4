import { describe, expect, it } from 'vitest';
import { learningCurveOf } from './node-outputs';

const history = Array.from({ length: 80 }, (_, i) => ({ step: i + 1, loss: 1 / (i + 1) }));

describe('learningCurveOf', () => {
  it("draws the finished model's every step, not the few live points a fast fit streamed", () => {
    const live = [
      { epoch: 1, loss: 1 },
      { epoch: 80, loss: 1 / 80 },
    ];
    const curve = learningCurveOf({ model: { kind: 'model', history } }, live);
    expect(curve).toHaveLength(80);
    expect(curve[1]).toMatchObject({ epoch: 2, loss: 0.5 });
  });

  it('draws the live points while the model is still training', () => {
    const live = [
      { epoch: 1, loss: 1 },
      { epoch: 2, loss: 0.5 },
    ];
    expect(learningCurveOf(undefined, live)).toBe(live);
    expect(learningCurveOf({}, [{ epoch: 1, loss: 1 }])).toEqual([]);
  });
});
