/**
 * Copies rows `from`..`to` of the feature columns into `block`, where row r's feature f is at
 * r·rowStep + (f + 1)·featureStep, behind column 0 (the zeros a leaf reads, which the caller keeps); a
 * compiled node holds its feature's offset, so a row's value is at row·rowStep + offset (compiled-ensemble.ts).
 * Column by column (rowStep 1), each column is one contiguous copy. Row by row (featureStep 1), values are
 * transposed 64 rows at a time, so the tile's rows stay in L1 while every column writes into them.
 */
export function fillBlock(block: Float64Array, layout: { rowStep: number; featureStep: number }, columns: Float64Array[], from: number, to: number) {
  const { rowStep, featureStep } = layout;
  if (rowStep === 1) {
    for (let f = 0; f < columns.length; f++) block.set(columns[f]!.subarray(from, to), (f + 1) * featureStep);
    return;
  }
  for (let tile = from; tile < to; tile += 64) {
    const tileEnd = Math.min(to, tile + 64);
    for (let f = 0; f < columns.length; f++) {
      const values = columns[f]!;
      for (let r = tile; r < tileEnd; r++) block[(r - from) * rowStep + f + 1] = values[r]!;
    }
  }
}
