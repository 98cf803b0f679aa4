import { timeParseThenChain, type EngineFigures } from './time-parse-chain';

/**
 * The benchmark chain in Polars (nodejs-polars, a devDependency used only here), step for step what
 * bench/pandas-chain.py does: impute (mean / most frequent), standard-scale (population std), one-hot
 * (region, device, plan), derive ratio = if(x2 > 0, x1 / x2, 0) + x3 * 2, filter x0 >= -1.5, seeded 80/20 split. Written the way a Polars user would
 * (column expressions, run by Polars on every core), so the comparison is against Polars at its best.
 */
type Polars = typeof import('nodejs-polars').default;
type PolarsFrame = import('nodejs-polars').DataFrame;

const CATEGORIES = ['region', 'device', 'plan'];
const NUMERIC_TYPES = new Set(['Int8', 'Int16', 'Int32', 'Int64', 'UInt8', 'UInt16', 'UInt32', 'UInt64', 'Float32', 'Float64']);

/** Loads Polars, or returns why it cannot: the bench then prints "skipped" instead of failing. */
export async function loadPolars(): Promise<Polars | string> {
  try {
    const polars = (await import('nodejs-polars')).default;
    polars.readCSV('a\n1\n'); // the native binary loads lazily; touch it here so a broken one is reported as a skip
    return polars;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return `nodejs-polars could not load (${reason}); run npm install to get the pinned 0.25.2 and its linux-x64-gnu binary`;
  }
}

export function parsePolarsCsv(pl: Polars, path: string): PolarsFrame {
  return pl.readCSV(path);
}

function isNumeric(df: PolarsFrame, name: string): boolean {
  return NUMERIC_TYPES.has(String(df.getColumn(name).dtype.variant));
}

export function runPolarsChain(pl: Polars, input: PolarsFrame): { train: PolarsFrame; test: PolarsFrame } {
  const numeric = input.columns.filter((name) => isNumeric(input, name));
  const other = input.columns.filter((name) => !numeric.includes(name));
  let df = input.withColumns(
    ...numeric.map((name) => pl.col(name).cast(pl.Float64).fillNull(pl.col(name).mean())),
    ...other.map((name) => pl.col(name).fillNull(pl.col(name).mode().first())),
  );
  // Expr.std has no ddof in nodejs-polars 0.25 (it is the sample std); rescale to the population std ours and pandas use.
  const toPopulation = Math.sqrt((df.height - 1) / df.height);
  df = df.withColumns(...numeric.map((name) => pl.col(name).minus(pl.col(name).mean()).div(pl.col(name).std().mul(toPopulation))));
  df = df.toDummies(CATEGORIES).withColumns(pl.col(pl.UInt8).cast(pl.Float64));
  const ratio = pl.when(pl.col('x2').gt(0)).then(pl.col('x1').div(pl.col('x2'))).otherwise(pl.lit(0));
  df = df.withColumns(ratio.plus(pl.col('x3').mul(2)).alias('ratio'));
  df = df.filter(pl.col('x0').gtEq(-1.5));
  // Like pandas' seeded permutation: the first 20% of a shuffled row index are test rows, and rows keep their order.
  const testRows = Math.round(df.height * 0.2);
  const isTest = df.select(pl.intRange(0, df.height).shuffle(42).lt(testRows).alias('test')).getColumn('test');
  return { train: df.filter(isTest.not()), test: df.filter(isTest) };
}

export async function timePolars(path: string, runs: number): Promise<EngineFigures | string> {
  const pl = await loadPolars();
  if (typeof pl === 'string') return pl;
  return timeParseThenChain(
    runs,
    () => parsePolarsCsv(pl, path),
    (df) => runPolarsChain(pl, df),
    ({ train, test }) => ({ train: train.height, test: test.height, columns: train.width }),
  );
}
