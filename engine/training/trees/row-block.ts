/**
 * Copies rows `from`..`to` of the feature columns into `block`, column by column: feature f's values at
 * (f + 1)·rowBlock, behind column 0 (the zeros a leaf reads, which the caller keeps). A compiled node holds its
 * feature's column offset, so a row's value is at row + offset. Each column is one contiguous copy; the
 * row-major block this replaced had to be transposed value by value, most of a single tree's prediction time.
 */
export function fillColumnBlock(block: Float64Array, rowBlock: number, columns: Float64Array[], from: number, to: number) {
  for (let f = 0; f < columns.length; f++) block.set(columns[f]!.subarray(from, to), (f + 1) * rowBlock);
}
