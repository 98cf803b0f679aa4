/**
 * Copies rows `from`..`to` of the feature columns into `block`, row-major behind each row's column 0 (the zero a
 * leaf reads), `stride` values a row. Transposed 64 rows at a time: the tile's rows stay in L1 while every column
 * writes into them (a whole block's 4,096 rows are evicted between columns, which made the copy most of a single
 * tree's walk).
 */
export function fillRowBlock(block: Float64Array, stride: number, columns: Float64Array[], from: number, to: number) {
  for (let tile = from; tile < to; tile += 64) {
    const tileEnd = Math.min(to, tile + 64);
    for (let f = 0; f < columns.length; f++) {
      const values = columns[f]!;
      for (let r = tile; r < tileEnd; r++) block[(r - from) * stride + f + 1] = values[r]!;
    }
  }
}
