;; The single-output histogram loops of engine/training/trees/histogram.ts in WebAssembly (loaded by
;; trees/histogram-memory.ts): the same bins, the same rows in the same order, so the same sums bit for
;; bit, without JavaScript's bounds checks on every read and write (1.7× faster here). Each row's additions
;; per bin are written out (a call per row and feature is not inlined here): weight and count as one two-lane
;; add of the row's (weight, 1), the target sum as a third (6 % off a fit). A bin is three f64 (weight, count,
;; target sum); a feature's histogram is 256 bins. The memory is shared: the fitting
;; thread and its histogram threads fill the histograms of one node in place, feature by feature.
;; Pointers are byte offsets into the imported memory. Rebuild the bytes after editing: node scripts/build-wasm.mjs
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Four features' histograms (consecutive at `hist`) from rows[start, end) (u32 row numbers at `rows`),
  ;; whose [weight, 1, sum] triples were gathered in that order at `ordered`; c0…c3 are the features' bin bytes.
  (func (export "ordered4")
    (param $hist i32) (param $c0 i32) (param $c1 i32) (param $c2 i32) (param $c3 i32)
    (param $rows i32) (param $start i32) (param $end i32) (param $ordered i32)
    (local $p i32) (local $stop i32) (local $r i32) (local $wc v128) (local $s f64) (local $h i32)
    (local $h1 i32) (local $h2 i32) (local $h3 i32)
    (local.set $h1 (i32.add (local.get $hist) (i32.const 6144)))
    (local.set $h2 (i32.add (local.get $hist) (i32.const 12288)))
    (local.set $h3 (i32.add (local.get $hist) (i32.const 18432)))
    (local.set $p (i32.add (local.get $rows) (i32.shl (local.get $start) (i32.const 2))))
    (local.set $stop (i32.add (local.get $rows) (i32.shl (local.get $end) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $stop)))
        (local.set $r (i32.load (local.get $p)))
        (local.set $wc (v128.load (local.get $ordered)))
        (local.set $s (f64.load offset=16 (local.get $ordered)))
        (local.set $h (i32.add (local.get $hist) (i32.mul (i32.load8_u (i32.add (local.get $c0) (local.get $r))) (i32.const 24))))
        (v128.store (local.get $h) (f64x2.add (v128.load (local.get $h)) (local.get $wc)))
        (f64.store offset=16 (local.get $h) (f64.add (f64.load offset=16 (local.get $h)) (local.get $s)))
        (local.set $h (i32.add (local.get $h1) (i32.mul (i32.load8_u (i32.add (local.get $c1) (local.get $r))) (i32.const 24))))
        (v128.store (local.get $h) (f64x2.add (v128.load (local.get $h)) (local.get $wc)))
        (f64.store offset=16 (local.get $h) (f64.add (f64.load offset=16 (local.get $h)) (local.get $s)))
        (local.set $h (i32.add (local.get $h2) (i32.mul (i32.load8_u (i32.add (local.get $c2) (local.get $r))) (i32.const 24))))
        (v128.store (local.get $h) (f64x2.add (v128.load (local.get $h)) (local.get $wc)))
        (f64.store offset=16 (local.get $h) (f64.add (f64.load offset=16 (local.get $h)) (local.get $s)))
        (local.set $h (i32.add (local.get $h3) (i32.mul (i32.load8_u (i32.add (local.get $c3) (local.get $r))) (i32.const 24))))
        (v128.store (local.get $h) (f64x2.add (v128.load (local.get $h)) (local.get $wc)))
        (f64.store offset=16 (local.get $h) (f64.add (f64.load offset=16 (local.get $h)) (local.get $s)))
        (local.set $ordered (i32.add (local.get $ordered) (i32.const 24)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $next))))

  ;; Four features' histograms over every row 0…n, weights and sums read straight from their arrays (a boosting tree's root).
  (func (export "all4")
    (param $hist i32) (param $c0 i32) (param $c1 i32) (param $c2 i32) (param $c3 i32)
    (param $n i32) (param $weight i32) (param $sums i32)
    (local $r i32) (local $wc v128) (local $s f64) (local $h i32)
    (local $h1 i32) (local $h2 i32) (local $h3 i32)
    (local.set $h1 (i32.add (local.get $hist) (i32.const 6144)))
    (local.set $h2 (i32.add (local.get $hist) (i32.const 12288)))
    (local.set $h3 (i32.add (local.get $hist) (i32.const 18432)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $r) (local.get $n)))
        (local.set $wc (f64x2.replace_lane 1 (f64x2.splat (f64.load (i32.add (local.get $weight) (i32.shl (local.get $r) (i32.const 3))))) (f64.const 1)))
        (local.set $s (f64.load (i32.add (local.get $sums) (i32.shl (local.get $r) (i32.const 3)))))
        (local.set $h (i32.add (local.get $hist) (i32.mul (i32.load8_u (i32.add (local.get $c0) (local.get $r))) (i32.const 24))))
        (v128.store (local.get $h) (f64x2.add (v128.load (local.get $h)) (local.get $wc)))
        (f64.store offset=16 (local.get $h) (f64.add (f64.load offset=16 (local.get $h)) (local.get $s)))
        (local.set $h (i32.add (local.get $h1) (i32.mul (i32.load8_u (i32.add (local.get $c1) (local.get $r))) (i32.const 24))))
        (v128.store (local.get $h) (f64x2.add (v128.load (local.get $h)) (local.get $wc)))
        (f64.store offset=16 (local.get $h) (f64.add (f64.load offset=16 (local.get $h)) (local.get $s)))
        (local.set $h (i32.add (local.get $h2) (i32.mul (i32.load8_u (i32.add (local.get $c2) (local.get $r))) (i32.const 24))))
        (v128.store (local.get $h) (f64x2.add (v128.load (local.get $h)) (local.get $wc)))
        (f64.store offset=16 (local.get $h) (f64.add (f64.load offset=16 (local.get $h)) (local.get $s)))
        (local.set $h (i32.add (local.get $h3) (i32.mul (i32.load8_u (i32.add (local.get $c3) (local.get $r))) (i32.const 24))))
        (v128.store (local.get $h) (f64x2.add (v128.load (local.get $h)) (local.get $wc)))
        (f64.store offset=16 (local.get $h) (f64.add (f64.load offset=16 (local.get $h)) (local.get $s)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next))))



  ;; One feature's histogram from rows[start, end), as ordered4 (the features left over past the last four).
  (func (export "ordered1") (param $hist i32) (param $c0 i32) (param $rows i32) (param $start i32) (param $end i32) (param $ordered i32)
    (local $p i32) (local $stop i32) (local $h i32)
    (local.set $p (i32.add (local.get $rows) (i32.shl (local.get $start) (i32.const 2))))
    (local.set $stop (i32.add (local.get $rows) (i32.shl (local.get $end) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $stop)))
        (local.set $h (i32.add (local.get $hist) (i32.mul (i32.load8_u (i32.add (local.get $c0) (i32.load (local.get $p)))) (i32.const 24))))
        (v128.store (local.get $h) (f64x2.add (v128.load (local.get $h)) (v128.load (local.get $ordered))))
        (f64.store offset=16 (local.get $h) (f64.add (f64.load offset=16 (local.get $h)) (f64.load offset=16 (local.get $ordered))))
        (local.set $ordered (i32.add (local.get $ordered) (i32.const 24)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $next))))

  ;; One feature's histogram over every row, as all4.
  (func (export "all1") (param $hist i32) (param $c0 i32) (param $n i32) (param $weight i32) (param $sums i32)
    (local $r i32) (local $h i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $r) (local.get $n)))
        (local.set $h (i32.add (local.get $hist) (i32.mul (i32.load8_u (i32.add (local.get $c0) (local.get $r))) (i32.const 24))))
        (v128.store (local.get $h) (f64x2.add (v128.load (local.get $h))
          (f64x2.replace_lane 1 (f64x2.splat (f64.load (i32.add (local.get $weight) (i32.shl (local.get $r) (i32.const 3))))) (f64.const 1))))
        (f64.store offset=16 (local.get $h) (f64.add (f64.load offset=16 (local.get $h)) (f64.load (i32.add (local.get $sums) (i32.shl (local.get $r) (i32.const 3))))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next))))

;; histogram.ts's gatherOrdered for one output: each row of u32 rows[start, end) at `rows` as the
  ;; triple (weight[row], 1, sums[row]) at `ordered`, in the node's row order.
  (func (export "gather") (param $rows i32) (param $start i32) (param $end i32) (param $weight i32) (param $sums i32) (param $ordered i32)
    (local $p i32) (local $stop i32) (local $at i32)
    (local.set $p (i32.add (local.get $rows) (i32.shl (local.get $start) (i32.const 2))))
    (local.set $stop (i32.add (local.get $rows) (i32.shl (local.get $end) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $stop)))
        (local.set $at (i32.shl (i32.load (local.get $p)) (i32.const 3)))
        (v128.store (local.get $ordered)
          (f64x2.replace_lane 1 (f64x2.splat (f64.load (i32.add (local.get $weight) (local.get $at)))) (f64.const 1)))
        (f64.store offset=16 (local.get $ordered) (f64.load (i32.add (local.get $sums) (local.get $at))))
        (local.set $ordered (i32.add (local.get $ordered) (i32.const 24)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $next))))

  ;; grow-tree.ts's partition: a stable split of u32 rows[start, end) at `rows` by whether the row's bin
  ;; (bytes at `column`) is at most `bin`, the right side parked at `other` and copied back behind the left.
  ;; Branch-free, as there: both slots are written and only the chosen side's cursor moves. Returns where the
  ;; right side starts (a row index, as `start` and `end`).
  (func (export "partition") (param $rows i32) (param $start i32) (param $end i32) (param $column i32) (param $bin i32) (param $other i32) (result i32)
    (local $p i32) (local $stop i32) (local $l i32) (local $o i32) (local $row i32) (local $right i32)
    (local.set $p (i32.add (local.get $rows) (i32.shl (local.get $start) (i32.const 2))))
    (local.set $stop (i32.add (local.get $rows) (i32.shl (local.get $end) (i32.const 2))))
    (local.set $l (local.get $p))
    (local.set $o (local.get $other))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $stop)))
        (local.set $row (i32.load (local.get $p)))
        (local.set $right (i32.shr_u (i32.sub (local.get $bin) (i32.load8_u (i32.add (local.get $column) (local.get $row)))) (i32.const 31)))
        (i32.store (local.get $l) (local.get $row))
        (i32.store (local.get $o) (local.get $row))
        (local.set $l (i32.add (local.get $l) (i32.shl (i32.xor (local.get $right) (i32.const 1)) (i32.const 2))))
        (local.set $o (i32.add (local.get $o) (i32.shl (local.get $right) (i32.const 2))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $next)))
    (memory.copy (local.get $l) (local.get $other) (i32.sub (local.get $o) (local.get $other)))
    (i32.shr_u (i32.sub (local.get $l) (local.get $rows)) (i32.const 2)))

  ;; Zeroes `bytes` at `at`: a histogram cleared before it is filled (a memset, where TypedArray.fill on shared memory is not one).
  (func (export "clear") (param $at i32) (param $bytes i32)
    (memory.fill (local.get $at) (i32.const 0) (local.get $bytes)))

  ;; parent -= child over `n` f64 at each (the subtraction trick), two lanes at a time; n is even.
  (func (export "subtract") (param $parent i32) (param $child i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $parent) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $parent) (local.get $end)))
        (v128.store (local.get $parent) (f64x2.sub (v128.load (local.get $parent)) (v128.load (local.get $child))))
        (local.set $parent (i32.add (local.get $parent) (i32.const 16)))
        (local.set $child (i32.add (local.get $child) (i32.const 16)))
        (br $next))))

  ;; split-finder.ts's scanSingleOutput over one feature's full histogram at `hist` (bins 0…bins−2 as
  ;; thresholds), the same sums in the same order: the best bin whose gain beats `best`, or −1. The winner's
  ;; gain, left weight, left count and left sum are written as four f64 at `out`. Two lanes carry (weight, count)
  ;; and then the two sides' scores, so both divisions are one instruction (each lane is the scalar's IEEE
  ;; operation, so the gains are the scalar loop's bit for bit): the divisions bound this loop.
  (func (export "scan")
    (param $hist i32) (param $bins i32) (param $weight f64) (param $count f64) (param $sum f64) (param $l2 f64)
    (param $minSamples f64) (param $minWeight f64) (param $parentScore f64) (param $best f64) (param $out i32)
    (result i32)
    (local $j i32) (local $steps i32) (local $h i32) (local $found i32)
    (local $total v128) (local $left v128) (local $right v128) (local $sides v128) (local $denominators v128) (local $scores v128)
    (local $leftSum f64) (local $rightSum f64) (local $gain f64)
    (local.set $found (i32.const -1))
    (local.set $steps (i32.sub (local.get $bins) (i32.const 1)))
    (local.set $h (local.get $hist))
    (local.set $total (f64x2.replace_lane 1 (f64x2.splat (local.get $weight)) (local.get $count)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $j) (local.get $steps)))
        ;; (left weight, left count)
        (local.set $left (f64x2.add (local.get $left) (v128.load (local.get $h))))
        (local.set $leftSum (f64.add (local.get $leftSum) (f64.load offset=16 (local.get $h))))
        (block $skip
          (br_if $skip (f64.lt (f64x2.extract_lane 1 (local.get $left)) (local.get $minSamples)))
          (br_if $skip (f64.lt (f64x2.extract_lane 0 (local.get $left)) (local.get $minWeight)))
          ;; (right weight, right count)
          (local.set $right (f64x2.sub (local.get $total) (local.get $left)))
          (br_if $done (f64.lt (f64x2.extract_lane 1 (local.get $right)) (local.get $minSamples)))
          (br_if $done (f64.lt (f64x2.extract_lane 0 (local.get $right)) (local.get $minWeight)))
          (local.set $rightSum (f64.sub (local.get $sum) (local.get $leftSum)))
          (local.set $sides (f64x2.replace_lane 1 (f64x2.splat (local.get $leftSum)) (local.get $rightSum)))
          ;; (left weight + λ, right weight + λ)
          (local.set $denominators (f64x2.add
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $left) (local.get $right))
            (f64x2.splat (local.get $l2))))
          ;; A side whose denominator is not above 0 scores 0 (all-zero bits are +0).
          (local.set $scores (v128.and
            (f64x2.div (f64x2.mul (local.get $sides) (local.get $sides)) (local.get $denominators))
            (f64x2.gt (local.get $denominators) (v128.const i64x2 0 0))))
          (local.set $gain (f64.sub (f64.add (f64x2.extract_lane 0 (local.get $scores)) (f64x2.extract_lane 1 (local.get $scores))) (local.get $parentScore)))
          (br_if $skip (i32.eqz (f64.gt (local.get $gain) (local.get $best))))
          (local.set $best (local.get $gain))
          (local.set $found (local.get $j))
          (f64.store (local.get $out) (local.get $gain))
          (v128.store offset=8 (local.get $out) (local.get $left))
          (f64.store offset=24 (local.get $out) (local.get $leftSum)))
        (local.set $h (i32.add (local.get $h) (i32.const 24)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $next)))
    (local.get $found))
)
