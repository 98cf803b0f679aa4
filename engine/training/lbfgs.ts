/**
 * Limited-memory BFGS with a strong-Wolfe line search (Nocedal & Wright, algorithms 7.4, 3.5 and 3.6),
 * stopping as scipy's L-BFGS-B does for an unconstrained problem: on the largest gradient entry, on a
 * relative decrease of the objective too small to matter, or after a number of iterations.
 */

/** Writes the gradient at x into `gradient` and returns the objective's value there. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  maxIterations: number;
  /** Stop once max |gradient_i| ≤ this (scipy's gtol). */
  gradientTolerance: number;
  /** Stop once (f_prev − f) / max(|f_prev|, |f|, 1) ≤ this (scipy's ftol). */
  functionTolerance: number;
  /** Correction pairs kept (scipy's maxcor). */
  memory?: number;
  /** Called after every iteration; awaited, so a caller can report progress, yield or throw to cancel. */
  onIteration?(iteration: number, value: number, x: Float64Array): void | Promise<void>;
}

export type LbfgsStop = 'gradient' | 'function' | 'iterations' | 'line search';
export interface LbfgsResult { x: Float64Array; value: number; iterations: number; evaluations: number; stop: LbfgsStop }

const C1 = 1e-4;
const C2 = 0.9;
const MAX_LINE_SEARCH = 20;

export async function minimizeLbfgs(objective: Objective, start: Float64Array, options: LbfgsOptions): Promise<LbfgsResult> {
  const n = start.length;
  const memory = options.memory ?? 10;
  const x = Float64Array.from(start);
  const g = new Float64Array(n);
  const direction = new Float64Array(n);
  const trial = { x: new Float64Array(n), g: new Float64Array(n) };
  const history = new CorrectionHistory(n, memory);
  let evaluations = 1;
  let f = objective(x, g);
  if (maxAbs(g) <= options.gradientTolerance) return { x, value: f, iterations: 0, evaluations, stop: 'gradient' };
  for (let iteration = 1; iteration <= options.maxIterations; iteration++) {
    history.direction(g, direction);
    let slope = dot(g, direction);
    if (!(slope < 0)) {
      // The curvature pairs no longer give a descent direction (round-off): restart from steepest descent.
      history.clear();
      for (let i = 0; i < n; i++) direction[i] = -g[i];
      slope = -dot(g, g);
    }
    const initialStep = iteration === 1 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    const search = strongWolfeSearch(objective, x, f, slope, direction, initialStep, trial);
    evaluations += search.evaluations;
    if (search.step === 0) return { x, value: f, iterations: iteration - 1, evaluations, stop: 'line search' };
    history.push(x, trial.x, g, trial.g);
    const previous = f;
    f = search.value;
    x.set(trial.x);
    g.set(trial.g);
    await options.onIteration?.(iteration, f, x);
    if (maxAbs(g) <= options.gradientTolerance) return { x, value: f, iterations: iteration, evaluations, stop: 'gradient' };
    if ((previous - f) / Math.max(Math.abs(previous), Math.abs(f), 1) <= options.functionTolerance) {
      return { x, value: f, iterations: iteration, evaluations, stop: 'function' };
    }
  }
  return { x, value: f, iterations: options.maxIterations, evaluations, stop: 'iterations' };
}

/** The last `memory` pairs s = x_{k+1} − x_k, y = g_{k+1} − g_k in ring buffers, and the two-loop recursion over them. */
class CorrectionHistory {
  private readonly s: Float64Array[];
  private readonly y: Float64Array[];
  private readonly rho: Float64Array;
  private readonly alpha: Float64Array;
  private count = 0;
  private next = 0;

  constructor(private readonly n: number, private readonly memory: number) {
    this.s = Array.from({ length: memory }, () => new Float64Array(n));
    this.y = Array.from({ length: memory }, () => new Float64Array(n));
    this.rho = new Float64Array(memory);
    this.alpha = new Float64Array(memory);
  }

  clear(): void {
    this.count = 0;
  }

  push(x: Float64Array, xNext: Float64Array, g: Float64Array, gNext: Float64Array): void {
    const s = this.s[this.next];
    const y = this.y[this.next];
    for (let i = 0; i < this.n; i++) {
      s[i] = xNext[i] - x[i];
      y[i] = gNext[i] - g[i];
    }
    const ys = dot(y, s);
    // A pair without positive curvature would make the inverse Hessian indefinite; scipy skips those too.
    if (!(ys > 2.2e-16 * dot(y, y))) return;
    this.rho[this.next] = 1 / ys;
    this.next = (this.next + 1) % this.memory;
    this.count = Math.min(this.count + 1, this.memory);
  }

  /** direction = −H·g, with H the L-BFGS inverse Hessian scaled by sᵀy / yᵀy of the newest pair. */
  direction(g: Float64Array, out: Float64Array): void {
    for (let i = 0; i < this.n; i++) out[i] = -g[i];
    const slot = (back: number) => (this.next - 1 - back + this.memory) % this.memory;
    for (let back = 0; back < this.count; back++) {
      const k = slot(back);
      this.alpha[k] = this.rho[k] * dot(this.s[k], out);
      axpy(-this.alpha[k], this.y[k], out);
    }
    if (this.count > 0) {
      const newest = slot(0);
      const scale = 1 / (this.rho[newest] * dot(this.y[newest], this.y[newest]));
      for (let i = 0; i < this.n; i++) out[i] *= scale;
    }
    for (let back = this.count - 1; back >= 0; back--) {
      const k = slot(back);
      const beta = this.rho[k] * dot(this.y[k], out);
      axpy(this.alpha[k] - beta, this.s[k], out);
    }
  }
}

type Point = { step: number; value: number; slope: number };

/**
 * A step along `direction` meeting the strong Wolfe conditions; `trial` holds x and the gradient at the
 * returned step. step 0 means none was found within MAX_LINE_SEARCH evaluations that lowers the objective.
 */
function strongWolfeSearch(
  objective: Objective,
  x: Float64Array,
  value: number,
  slope: number,
  direction: Float64Array,
  initialStep: number,
  trial: { x: Float64Array; g: Float64Array },
): { step: number; value: number; evaluations: number } {
  let evaluations = 0;
  const evaluate = (step: number): Point => {
    evaluations++;
    for (let i = 0; i < x.length; i++) trial.x[i] = x[i] + step * direction[i];
    const f = objective(trial.x, trial.g);
    return { step, value: f, slope: dot(trial.g, direction) };
  };
  const sufficient = (p: Point) => p.value <= value + C1 * p.step * slope;
  const curvature = (p: Point) => Math.abs(p.slope) <= -C2 * slope;
  let previous: Point = { step: 0, value, slope };
  let step = initialStep;
  let lo: Point | undefined;
  let hi: Point | undefined;
  while (evaluations < MAX_LINE_SEARCH) {
    const p = evaluate(step);
    if (!sufficient(p) || !Number.isFinite(p.value) || (evaluations > 1 && p.value >= previous.value)) [lo, hi] = [previous, p];
    else if (curvature(p)) return { step: p.step, value: p.value, evaluations };
    else if (p.slope >= 0) [lo, hi] = [p, previous];
    if (lo && hi) break;
    previous = p;
    step *= 4;
  }
  while (lo && hi && evaluations < MAX_LINE_SEARCH) {
    const p = evaluate(interpolate(lo, hi));
    if (!sufficient(p) || !Number.isFinite(p.value) || p.value >= lo.value) hi = p;
    else {
      if (curvature(p)) return { step: p.step, value: p.value, evaluations };
      if (p.slope * (hi.step - lo.step) >= 0) hi = lo;
      lo = p;
    }
  }
  // Out of evaluations: accept the best sufficient-decrease point seen, as scipy accepts its last good step.
  const best = lo ?? previous;
  if (best.step > 0) {
    const p = evaluate(best.step);
    return { step: p.step, value: p.value, evaluations };
  }
  return { step: 0, value, evaluations };
}

/** The cubic's minimiser through both ends, kept 10 % inside the bracket; bisection when the cubic has none. */
function interpolate(a: Point, b: Point): number {
  const d1 = a.slope + b.slope - (3 * (a.value - b.value)) / (a.step - b.step);
  const radicand = d1 * d1 - a.slope * b.slope;
  const low = Math.min(a.step, b.step);
  const high = Math.max(a.step, b.step);
  const margin = 0.1 * (high - low);
  if (!(radicand >= 0) || !Number.isFinite(b.value)) return (a.step + b.step) / 2;
  const d2 = Math.sign(b.step - a.step) * Math.sqrt(radicand);
  const step = b.step - ((b.step - a.step) * (b.slope + d2 - d1)) / (b.slope - a.slope + 2 * d2);
  if (!Number.isFinite(step)) return (a.step + b.step) / 2;
  return Math.min(Math.max(step, low + margin), high - margin);
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function axpy(scale: number, from: Float64Array, into: Float64Array): void {
  for (let i = 0; i < into.length; i++) into[i] += scale * from[i];
}

function maxAbs(a: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]));
  return max;
}
