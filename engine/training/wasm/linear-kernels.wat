;; SIMD kernels for the linear models' products over a column-major matrix in linear memory (laid out by
;; engine/training/design-matrix.ts). Pointers are byte offsets into the imported memory; every length
;; is a byte count that is a multiple of 32: columns and vectors are padded with zero rows to a multiple
;; of four, so each step takes two (or four) rows as f64x2 lanes and no loop needs a scalar tail.
;; The memory is shared, so helper threads can add blocks of the Gram matrix beside the fitting thread
;; (engine/training/gram-threads.ts). Rebuild the bytes after editing: node scripts/build-wasm.mjs
(module
  (import "env" "memory" (memory 1 32768 shared))

  (func $lanes (param $v v128) (result f64)
    (f64.add (f64x2.extract_lane 0 (local.get $v)) (f64x2.extract_lane 1 (local.get $v))))

  ;; out[0..8] += dots of columns a0, a1 with b0..b3, row-major 2 × 4: eight sums from six loads per step,
  ;; the register blocking that makes a Gram matrix compute-bound rather than load-bound. Four rows per
;; loop turn, to halve the loop's own instructions.
  (func (export "cross2x4")
    (param $a0 i32) (param $a1 i32) (param $b0 i32) (param $b1 i32) (param $b2 i32) (param $b3 i32)
    (param $bytes i32) (param $out i32)
    (local $i i32) (local $p0 v128) (local $p1 v128) (local $q0 v128) (local $q1 v128) (local $q2 v128) (local $q3 v128)
    (local $s00 v128) (local $s01 v128) (local $s02 v128) (local $s03 v128)
    (local $s10 v128) (local $s11 v128) (local $s12 v128) (local $s13 v128)
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
        (local.set $p0 (v128.load (i32.add (local.get $a0) (local.get $i))))
        (local.set $p1 (v128.load (i32.add (local.get $a1) (local.get $i))))
        (local.set $q0 (v128.load (i32.add (local.get $b0) (local.get $i))))
        (local.set $q1 (v128.load (i32.add (local.get $b1) (local.get $i))))
        (local.set $q2 (v128.load (i32.add (local.get $b2) (local.get $i))))
        (local.set $q3 (v128.load (i32.add (local.get $b3) (local.get $i))))
        (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $p0) (local.get $q0))))
        (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $p0) (local.get $q1))))
        (local.set $s02 (f64x2.add (local.get $s02) (f64x2.mul (local.get $p0) (local.get $q2))))
        (local.set $s03 (f64x2.add (local.get $s03) (f64x2.mul (local.get $p0) (local.get $q3))))
        (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $p1) (local.get $q0))))
        (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $p1) (local.get $q1))))
        (local.set $s12 (f64x2.add (local.get $s12) (f64x2.mul (local.get $p1) (local.get $q2))))
        (local.set $s13 (f64x2.add (local.get $s13) (f64x2.mul (local.get $p1) (local.get $q3))))
        (local.set $p0 (v128.load offset=16 (i32.add (local.get $a0) (local.get $i))))
        (local.set $p1 (v128.load offset=16 (i32.add (local.get $a1) (local.get $i))))
        (local.set $q0 (v128.load offset=16 (i32.add (local.get $b0) (local.get $i))))
        (local.set $q1 (v128.load offset=16 (i32.add (local.get $b1) (local.get $i))))
        (local.set $q2 (v128.load offset=16 (i32.add (local.get $b2) (local.get $i))))
        (local.set $q3 (v128.load offset=16 (i32.add (local.get $b3) (local.get $i))))
        (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $p0) (local.get $q0))))
        (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $p0) (local.get $q1))))
        (local.set $s02 (f64x2.add (local.get $s02) (f64x2.mul (local.get $p0) (local.get $q2))))
        (local.set $s03 (f64x2.add (local.get $s03) (f64x2.mul (local.get $p0) (local.get $q3))))
        (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $p1) (local.get $q0))))
        (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $p1) (local.get $q1))))
        (local.set $s12 (f64x2.add (local.get $s12) (f64x2.mul (local.get $p1) (local.get $q2))))
        (local.set $s13 (f64x2.add (local.get $s13) (f64x2.mul (local.get $p1) (local.get $q3))))
        (local.set $i (i32.add (local.get $i) (i32.const 32)))
        (br $rows)))
    (f64.store offset=0 (local.get $out) (f64.add (f64.load offset=0 (local.get $out)) (call $lanes (local.get $s00))))
    (f64.store offset=8 (local.get $out) (f64.add (f64.load offset=8 (local.get $out)) (call $lanes (local.get $s01))))
    (f64.store offset=16 (local.get $out) (f64.add (f64.load offset=16 (local.get $out)) (call $lanes (local.get $s02))))
    (f64.store offset=24 (local.get $out) (f64.add (f64.load offset=24 (local.get $out)) (call $lanes (local.get $s03))))
    (f64.store offset=32 (local.get $out) (f64.add (f64.load offset=32 (local.get $out)) (call $lanes (local.get $s10))))
    (f64.store offset=40 (local.get $out) (f64.add (f64.load offset=40 (local.get $out)) (call $lanes (local.get $s11))))
    (f64.store offset=48 (local.get $out) (f64.add (f64.load offset=48 (local.get $out)) (call $lanes (local.get $s12))))
    (f64.store offset=56 (local.get $out) (f64.add (f64.load offset=56 (local.get $out)) (call $lanes (local.get $s13)))))

  ;; out[0..4] = dots of columns c0..c3 with v: one pass over v for four columns.
  (func (export "dot4")
    (param $c0 i32) (param $c1 i32) (param $c2 i32) (param $c3 i32) (param $v i32) (param $bytes i32) (param $out i32)
    (local $i i32) (local $x v128) (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
        (local.set $x (v128.load (i32.add (local.get $v) (local.get $i))))
        (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $x) (v128.load (i32.add (local.get $c0) (local.get $i))))))
        (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $x) (v128.load (i32.add (local.get $c1) (local.get $i))))))
        (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $x) (v128.load (i32.add (local.get $c2) (local.get $i))))))
        (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $x) (v128.load (i32.add (local.get $c3) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $rows)))
    (f64.store offset=0 (local.get $out) (call $lanes (local.get $s0)))
    (f64.store offset=8 (local.get $out) (call $lanes (local.get $s1)))
    (f64.store offset=16 (local.get $out) (call $lanes (local.get $s2)))
    (f64.store offset=24 (local.get $out) (call $lanes (local.get $s3))))

  ;; Σ a·b, two accumulators so consecutive steps do not wait on one add.
  (func (export "dot") (param $a i32) (param $b i32) (param $bytes i32) (result f64)
    (local $i i32) (local $s0 v128) (local $s1 v128)
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
        (local.set $s0 (f64x2.add (local.get $s0)
          (f64x2.mul (v128.load (i32.add (local.get $a) (local.get $i))) (v128.load (i32.add (local.get $b) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
        (local.set $s1 (f64x2.add (local.get $s1)
          (f64x2.mul (v128.load (i32.add (local.get $a) (local.get $i))) (v128.load (i32.add (local.get $b) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $rows)))
    (call $lanes (f64x2.add (local.get $s0) (local.get $s1))))

  ;; Σ a, two accumulators.
  (func (export "sum") (param $a i32) (param $bytes i32) (result f64)
    (local $i i32) (local $s0 v128) (local $s1 v128)
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
        (local.set $s0 (f64x2.add (local.get $s0) (v128.load (i32.add (local.get $a) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
        (local.set $s1 (f64x2.add (local.get $s1) (v128.load (i32.add (local.get $a) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $rows)))
    (call $lanes (f64x2.add (local.get $s0) (local.get $s1))))

  ;; y += alpha·x.
  (func (export "axpy") (param $alpha f64) (param $x i32) (param $y i32) (param $bytes i32)
    (local $i i32) (local $a v128) (local $at i32)
    (local.set $a (f64x2.splat (local.get $alpha)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
        (local.set $at (i32.add (local.get $y) (local.get $i)))
        (v128.store (local.get $at) (f64x2.add (v128.load (local.get $at))
          (f64x2.mul (local.get $a) (v128.load (i32.add (local.get $x) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $rows))))

  ;; y += w0·c0 + w1·c1 + w2·c2 + w3·c3: one read and write of y for four columns.
  (func (export "axpy4")
    (param $w0 f64) (param $w1 f64) (param $w2 f64) (param $w3 f64)
    (param $c0 i32) (param $c1 i32) (param $c2 i32) (param $c3 i32) (param $y i32) (param $bytes i32)
    (local $i i32) (local $at i32) (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local.set $v0 (f64x2.splat (local.get $w0)))
    (local.set $v1 (f64x2.splat (local.get $w1)))
    (local.set $v2 (f64x2.splat (local.get $w2)))
    (local.set $v3 (f64x2.splat (local.get $w3)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
        (local.set $at (i32.add (local.get $y) (local.get $i)))
        (v128.store (local.get $at)
          (f64x2.add (v128.load (local.get $at))
            (f64x2.add
              (f64x2.add (f64x2.mul (local.get $v0) (v128.load (i32.add (local.get $c0) (local.get $i))))
                         (f64x2.mul (local.get $v1) (v128.load (i32.add (local.get $c1) (local.get $i)))))
              (f64x2.add (f64x2.mul (local.get $v2) (v128.load (i32.add (local.get $c2) (local.get $i))))
                         (f64x2.mul (local.get $v3) (v128.load (i32.add (local.get $c3) (local.get $i))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $rows))))
  ;; x = (x + shift)·factor over the whole span; the caller re-zeroes any pad rows it needs zero.
  (func (export "affine") (param $x i32) (param $bytes i32) (param $shift f64) (param $factor f64)
    (local $i i32) (local $at i32) (local $s v128) (local $f v128)
    (local.set $s (f64x2.splat (local.get $shift)))
    (local.set $f (f64x2.splat (local.get $factor)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
        (local.set $at (i32.add (local.get $x) (local.get $i)))
        (v128.store (local.get $at) (f64x2.mul (f64x2.add (v128.load (local.get $at)) (local.get $s)) (local.get $f)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $rows))))
)
