import { describe, expect, it } from 'vitest';
import { minimizeLbfgs, type Objective } from './lbfgs';

const rosenbrock: Objective = (x, g) => {
  const [a, b] = x;
  g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
  g[1] = 200 * (b - a * a);
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
};

describe('minimizeLbfgs', () => {
  it('finds the Rosenbrock minimum at (1, 1) from the classic start', async () => {
    const result = await minimizeLbfgs(rosenbrock, Float64Array.from([-1.2, 1]), { maxIterations: 200, gradientTolerance: 1e-8, functionTolerance: 0 });
    expect(result.stop).toBe('gradient');
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
    // A working line search needs about as many evaluations as iterations, not dozens per step.
    expect(result.evaluations).toBeLessThan(2 * result.iterations + 10);
  });

  it('solves an ill-conditioned quadratic to its exact minimiser', async () => {
    const scales = [1, 10, 100, 1000, 1e4];
    const quadratic: Objective = (x, g) => {
      let f = 0;
      scales.forEach((s, i) => {
        g[i] = s * (x[i] - i);
        f += 0.5 * s * (x[i] - i) ** 2;
      });
      return f;
    };
    const result = await minimizeLbfgs(quadratic, new Float64Array(5), { maxIterations: 100, gradientTolerance: 1e-9, functionTolerance: 0 });
    Array.from(result.x).forEach((v, i) => expect(v).toBeCloseTo(i, 8));
  });

  it('stops at the iteration limit and reports every iteration to onIteration', async () => {
    const seen: number[] = [];
    const result = await minimizeLbfgs(rosenbrock, Float64Array.from([-1.2, 1]), {
      maxIterations: 3,
      gradientTolerance: 0,
      functionTolerance: 0,
      onIteration: (iteration) => void seen.push(iteration),
    });
    expect(result.stop).toBe('iterations');
    expect(seen).toEqual([1, 2, 3]);
  });

  it('stops on a relative decrease below functionTolerance', async () => {
    const result = await minimizeLbfgs(rosenbrock, Float64Array.from([-1.2, 1]), { maxIterations: 500, gradientTolerance: 0, functionTolerance: 1e-3 });
    expect(result.stop).toBe('function');
    expect(result.iterations).toBeLessThan(500);
  });
});
