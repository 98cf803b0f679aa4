;; SIMD kernels for batch prediction (engine/training/predict-kernels.ts), over blocks of rows the caller
;; copies into linear memory. Pointers and strides are byte offsets into the imported memory.
;; Rebuild the bytes after editing: node scripts/build-wasm.mjs
(module
  (import "env" "memory" (memory 1))

  ;; y[r] += Σ_j w[j]·X[r, j] for the rows of one block: X column-major with columns 32,768 bytes (4,096 rows)
  ;; apart, starting at x; p a multiple of four (pad columns zero, pad weights zero); bytes a multiple of 16.
  ;; Eight columns per pass over y, then four if left, each four summed as y + (((w0·c0 + w1·c1) + w2·c2) + w3·c3):
  ;; the order addLinear in linear-kernels.ts uses, so both give the same bits. The fixed column stride lets
  ;; every load use one address plus a constant offset, which halves the instructions per multiply-add.
  (func (export "gemv") (param $x i32) (param $p i32) (param $w i32) (param $y i32) (param $bytes i32)
    (local $j i32) (local $i i32) (local $c i32) (local $at i32) (local $yAt i32) (local $wAt i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $v4 v128) (local $v5 v128) (local $v6 v128) (local $v7 v128)
    (block $eightsDone
      (loop $eights
        (br_if $eightsDone (i32.gt_u (i32.add (local.get $j) (i32.const 8)) (local.get $p)))
        (local.set $wAt (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $v0 (v128.load64_splat (local.get $wAt)))
        (local.set $v1 (v128.load64_splat offset=8 (local.get $wAt)))
        (local.set $v2 (v128.load64_splat offset=16 (local.get $wAt)))
        (local.set $v3 (v128.load64_splat offset=24 (local.get $wAt)))
        (local.set $v4 (v128.load64_splat offset=32 (local.get $wAt)))
        (local.set $v5 (v128.load64_splat offset=40 (local.get $wAt)))
        (local.set $v6 (v128.load64_splat offset=48 (local.get $wAt)))
        (local.set $v7 (v128.load64_splat offset=56 (local.get $wAt)))
        (local.set $c (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 15))))
        (local.set $i (i32.const 0))
        (block $rowsDone
          (loop $rows
            (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $bytes)))
            (local.set $at (i32.add (local.get $c) (local.get $i)))
            (local.set $yAt (i32.add (local.get $y) (local.get $i)))
            (v128.store (local.get $yAt)
              (f64x2.add
                (f64x2.add (v128.load (local.get $yAt))
                  (f64x2.add (f64x2.add (f64x2.add (f64x2.mul (local.get $v0) (v128.load offset=0 (local.get $at)))
                  (f64x2.mul (local.get $v1) (v128.load offset=32768 (local.get $at))))
                  (f64x2.mul (local.get $v2) (v128.load offset=65536 (local.get $at))))
                  (f64x2.mul (local.get $v3) (v128.load offset=98304 (local.get $at)))))
                (f64x2.add (f64x2.add (f64x2.add (f64x2.mul (local.get $v4) (v128.load offset=131072 (local.get $at)))
                  (f64x2.mul (local.get $v5) (v128.load offset=163840 (local.get $at))))
                  (f64x2.mul (local.get $v6) (v128.load offset=196608 (local.get $at))))
                  (f64x2.mul (local.get $v7) (v128.load offset=229376 (local.get $at))))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $rows)))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $eights)))
    (if (i32.lt_u (local.get $j) (local.get $p))
      (then
        (local.set $wAt (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $v0 (v128.load64_splat (local.get $wAt)))
        (local.set $v1 (v128.load64_splat offset=8 (local.get $wAt)))
        (local.set $v2 (v128.load64_splat offset=16 (local.get $wAt)))
        (local.set $v3 (v128.load64_splat offset=24 (local.get $wAt)))
        (local.set $c (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 15))))
        (local.set $i (i32.const 0))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $i) (local.get $bytes)))
            (local.set $at (i32.add (local.get $c) (local.get $i)))
            (local.set $yAt (i32.add (local.get $y) (local.get $i)))
            (v128.store (local.get $yAt)
              (f64x2.add (v128.load (local.get $yAt))
                  (f64x2.add (f64x2.add (f64x2.add (f64x2.mul (local.get $v0) (v128.load offset=0 (local.get $at)))
                  (f64x2.mul (local.get $v1) (v128.load offset=32768 (local.get $at))))
                  (f64x2.mul (local.get $v2) (v128.load offset=65536 (local.get $at))))
                  (f64x2.mul (local.get $v3) (v128.load offset=98304 (local.get $at))))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $tail))))))

  ;; One dense layer, float32: out[r, u] = b[u] + Σ_i x[r, i]·W[i, u], then max(·, 0) when relu ≠ 0.
  ;; x[r, i] is at x + r·rowBytes + i·inputBytes: row-major (rowBytes = 4·inputs, inputBytes = 4) for a
  ;; layer's activations, column-major (rowBytes = 4, inputBytes = 4·block rows) for the caller's features,
  ;; which then need no transposing. W row-major inputs × units, b and out rows of `units` (a multiple of
  ;; four; pad units have zero weights and bias); rows a multiple of four. Four rows × eight units per tile
  ;; (eight accumulators, each W load shared by four rows), then a four-unit tile for a leftover group of
  ;; four units. Each sum runs over i in order, so both layouts give the same bits.
  (func (export "dense") (param $x i32) (param $inputs i32) (param $rowBytes i32) (param $inputBytes i32) (param $w i32)
    (param $b i32) (param $units i32) (param $out i32) (param $rows i32) (param $relu i32)
    (local $r i32) (local $u i32) (local $i i32)
    (local $xr i32) (local $wi i32) (local $unitBytes i32) (local $o i32) (local $row2 i32) (local $row3 i32)
    (local $w0 v128) (local $w1 v128) (local $s v128)
    (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128)
    (local $a20 v128) (local $a21 v128) (local $a30 v128) (local $a31 v128)
    (local.set $row2 (i32.shl (local.get $rowBytes) (i32.const 1)))
    (local.set $row3 (i32.add (local.get $row2) (local.get $rowBytes)))
    (local.set $unitBytes (i32.shl (local.get $units) (i32.const 2)))
    (block $rowsDone
      (loop $rowTiles
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $u (i32.const 0))
        (block $unitsDone
          (loop $unitTiles
            (br_if $unitsDone (i32.ge_u (local.get $u) (local.get $units)))
            (local.set $a00 (v128.load (i32.add (local.get $b) (i32.shl (local.get $u) (i32.const 2)))))
            (local.set $a01 (v128.load offset=16 (i32.add (local.get $b) (i32.shl (local.get $u) (i32.const 2)))))
            (local.set $a10 (local.get $a00)) (local.set $a11 (local.get $a01))
            (local.set $a20 (local.get $a00)) (local.set $a21 (local.get $a01))
            (local.set $a30 (local.get $a00)) (local.set $a31 (local.get $a01))
            ;; xr: row r's input i; wi: W[i, u].
            (local.set $xr (i32.add (local.get $x) (i32.mul (local.get $r) (local.get $rowBytes))))
            (local.set $wi (i32.add (local.get $w) (i32.shl (local.get $u) (i32.const 2))))
            (local.set $i (i32.const 0))
            (if (i32.ge_u (i32.sub (local.get $units) (local.get $u)) (i32.const 8))
              (then
                (block $inputsDone
                  (loop $inputs
                    (br_if $inputsDone (i32.ge_u (local.get $i) (local.get $inputs)))
                    (local.set $w0 (v128.load (local.get $wi)))
                    (local.set $w1 (v128.load offset=16 (local.get $wi)))
                    (local.set $s (v128.load32_splat (local.get $xr)))
                    (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s) (local.get $w0))))
                    (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s) (local.get $w1))))
                    (local.set $s (v128.load32_splat (i32.add (local.get $xr) (local.get $rowBytes))))
                    (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $s) (local.get $w0))))
                    (local.set $a11 (f32x4.add (local.get $a11) (f32x4.mul (local.get $s) (local.get $w1))))
                    (local.set $s (v128.load32_splat (i32.add (local.get $xr) (local.get $row2))))
                    (local.set $a20 (f32x4.add (local.get $a20) (f32x4.mul (local.get $s) (local.get $w0))))
                    (local.set $a21 (f32x4.add (local.get $a21) (f32x4.mul (local.get $s) (local.get $w1))))
                    (local.set $s (v128.load32_splat (i32.add (local.get $xr) (local.get $row3))))
                    (local.set $a30 (f32x4.add (local.get $a30) (f32x4.mul (local.get $s) (local.get $w0))))
                    (local.set $a31 (f32x4.add (local.get $a31) (f32x4.mul (local.get $s) (local.get $w1))))
                    (local.set $xr (i32.add (local.get $xr) (local.get $inputBytes)))
                    (local.set $wi (i32.add (local.get $wi) (local.get $unitBytes)))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $inputs)))
                (if (local.get $relu)
                  (then
                    (local.set $s (v128.const i64x2 0 0))
                    (local.set $a00 (f32x4.max (local.get $a00) (local.get $s)))
                    (local.set $a01 (f32x4.max (local.get $a01) (local.get $s)))
                    (local.set $a10 (f32x4.max (local.get $a10) (local.get $s)))
                    (local.set $a11 (f32x4.max (local.get $a11) (local.get $s)))
                    (local.set $a20 (f32x4.max (local.get $a20) (local.get $s)))
                    (local.set $a21 (f32x4.max (local.get $a21) (local.get $s)))
                    (local.set $a30 (f32x4.max (local.get $a30) (local.get $s)))
                    (local.set $a31 (f32x4.max (local.get $a31) (local.get $s)))))
                ;; o: out[r, u], then one row further per store pair.
                (local.set $o (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $units)) (local.get $u)) (i32.const 2))))
                (v128.store (local.get $o) (local.get $a00))
                (v128.store offset=16 (local.get $o) (local.get $a01))
                (local.set $o (i32.add (local.get $o) (local.get $unitBytes)))
                (v128.store (local.get $o) (local.get $a10))
                (v128.store offset=16 (local.get $o) (local.get $a11))
                (local.set $o (i32.add (local.get $o) (local.get $unitBytes)))
                (v128.store (local.get $o) (local.get $a20))
                (v128.store offset=16 (local.get $o) (local.get $a21))
                (local.set $o (i32.add (local.get $o) (local.get $unitBytes)))
                (v128.store (local.get $o) (local.get $a30))
                (v128.store offset=16 (local.get $o) (local.get $a31))
                (local.set $u (i32.add (local.get $u) (i32.const 8))))
              (else
                (block $inputsDone4
                  (loop $inputs4
                    (br_if $inputsDone4 (i32.ge_u (local.get $i) (local.get $inputs)))
                    (local.set $w0 (v128.load (local.get $wi)))
                    (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (v128.load32_splat (local.get $xr)) (local.get $w0))))
                    (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (v128.load32_splat (i32.add (local.get $xr) (local.get $rowBytes))) (local.get $w0))))
                    (local.set $a20 (f32x4.add (local.get $a20) (f32x4.mul (v128.load32_splat (i32.add (local.get $xr) (local.get $row2))) (local.get $w0))))
                    (local.set $a30 (f32x4.add (local.get $a30) (f32x4.mul (v128.load32_splat (i32.add (local.get $xr) (local.get $row3))) (local.get $w0))))
                    (local.set $xr (i32.add (local.get $xr) (local.get $inputBytes)))
                    (local.set $wi (i32.add (local.get $wi) (local.get $unitBytes)))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $inputs4)))
                (if (local.get $relu)
                  (then
                    (local.set $s (v128.const i64x2 0 0))
                    (local.set $a00 (f32x4.max (local.get $a00) (local.get $s)))
                    (local.set $a10 (f32x4.max (local.get $a10) (local.get $s)))
                    (local.set $a20 (f32x4.max (local.get $a20) (local.get $s)))
                    (local.set $a30 (f32x4.max (local.get $a30) (local.get $s)))))
                (local.set $o (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $units)) (local.get $u)) (i32.const 2))))
                (v128.store (local.get $o) (local.get $a00))
                (local.set $o (i32.add (local.get $o) (local.get $unitBytes)))
                (v128.store (local.get $o) (local.get $a10))
                (local.set $o (i32.add (local.get $o) (local.get $unitBytes)))
                (v128.store (local.get $o) (local.get $a20))
                (local.set $o (i32.add (local.get $o) (local.get $unitBytes)))
                (v128.store (local.get $o) (local.get $a30))
                (local.set $u (i32.add (local.get $u) (i32.const 4)))))
            (br $unitTiles)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $rowTiles))))

  ;; Two-class probabilities from scores, pairs of rows per step: out[2r] = 1 − p, out[2r + 1] = p with
  ;; p = 1 / (1 + e^−s[r]) for the rows in s[0 .. bytes) (bytes a multiple of 16). e^x is computed as
  ;; fast-exp.ts computes it for |x| ≤ 708, the same operations in the same order (so the same bits), from
  ;; the constants at $c: 64/ln2, 1.5·2^52, ln2/64 split high and low, 1/6, 1/24, 1/120, then 2^(j/64)
  ;; for j = 0…63; 2^k is made from its bits. Returns 1 when some score is NaN or beyond ±708, rows the
  ;; caller then computes itself (fast-exp's other branches).
  (func (export "sigmoid_pairs") (param $s i32) (param $out i32) (param $c i32) (param $bytes i32) (result i32)
    (local $i i32) (local $o i32) (local $n v128) (local $bad v128)
    (local $x v128) (local $nd v128) (local $r v128) (local $p v128) (local $m v128) (local $q v128) (local $rest v128)
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
        (local.set $x (f64x2.neg (v128.load (i32.add (local.get $s) (local.get $i)))))
        (local.set $bad (v128.or (local.get $bad)
          (v128.not (f64x2.le (f64x2.abs (local.get $x)) (f64x2.splat (f64.const 708))))))
        (local.set $nd (f64x2.sub
          (f64x2.add (f64x2.mul (local.get $x) (v128.load64_splat (local.get $c))) (v128.load64_splat offset=8 (local.get $c)))
          (v128.load64_splat offset=8 (local.get $c))))
        (local.set $n (i32x4.trunc_sat_f64x2_s_zero (local.get $nd)))
        (local.set $r (f64x2.sub
          (f64x2.sub (local.get $x) (f64x2.mul (local.get $nd) (v128.load64_splat offset=16 (local.get $c))))
          (f64x2.mul (local.get $nd) (v128.load64_splat offset=24 (local.get $c)))))
        (local.set $p (f64x2.add (local.get $r)
          (f64x2.mul (f64x2.mul (local.get $r) (local.get $r))
            (f64x2.add (f64x2.splat (f64.const 0.5))
              (f64x2.mul (local.get $r)
                (f64x2.add (v128.load64_splat offset=32 (local.get $c))
                  (f64x2.mul (local.get $r)
                    (f64x2.add (v128.load64_splat offset=40 (local.get $c))
                      (f64x2.mul (local.get $r) (v128.load64_splat offset=48 (local.get $c)))))))))))
        (local.set $m (f64x2.replace_lane 1
          (f64x2.splat (f64.load offset=64 (i32.add (local.get $c)
            (i32.shl (i32.and (i32x4.extract_lane 0 (local.get $n)) (i32.const 63)) (i32.const 3)))))
          (f64.load offset=64 (i32.add (local.get $c)
            (i32.shl (i32.and (i32x4.extract_lane 1 (local.get $n)) (i32.const 63)) (i32.const 3))))))
        ;; e^x = (m + m·p)·2^k, k = n >> 6, 2^k's bits being (k + 1023) << 52.
        (local.set $q (f64x2.div (f64x2.splat (f64.const 1))
          (f64x2.add (f64x2.splat (f64.const 1))
            (f64x2.mul (f64x2.add (local.get $m) (f64x2.mul (local.get $m) (local.get $p)))
              (i64x2.shl
                (i64x2.add (i64x2.extend_low_i32x4_s (i32x4.shr_s (local.get $n) (i32.const 6))) (i64x2.splat (i64.const 1023)))
                (i32.const 52))))))
        (local.set $rest (f64x2.sub (f64x2.splat (f64.const 1)) (local.get $q)))
        (local.set $o (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 1))))
        (v128.store (local.get $o)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $rest) (local.get $q)))
        (v128.store offset=16 (local.get $o)
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $rest) (local.get $q)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $pairs)))
    (v128.any_true (local.get $bad)))
)
