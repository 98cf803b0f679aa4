;; The compiled tree walk of engine/training/trees/compiled-ensemble.ts in WebAssembly (loaded by
;; trees/tree-walk-wasm.ts): the same layout, steps and order of sums, without JavaScript's bounds checks
;; and number conversions on every step. Pointers are byte offsets into the imported memory.
;; Rebuild the bytes after editing: node scripts/build-wasm.mjs
(module
  (import "env" "memory" (memory 1))

  ;; Every tree over rows 0…n of a block, trees in order. Rows are `rowBytes` apart and a node's value
  ;; for a row is at the row's address + 8·(the node's first i32): nodes are [feature offset, first child]
  ;; i32 pairs, thresholds f64, a leaf [0, itself] with threshold +∞ (offset 0 reads a column of zeros); scores rows of `scoreBytes`, tree t adding into column (t % groups)·outputs.
  ;; Four rows walk a tree in lockstep until all four are at leaves, as in the JavaScript walk.
  (func (export "walk")
    (param $roots i32) (param $trees i32) (param $groups i32) (param $outputs i32) (param $n i32) (param $rowBytes i32)
    (param $nodes i32) (param $thresholds i32) (param $leafAt i32) (param $values i32) (param $block i32) (param $scores i32)
    (param $scoreBytes i32)
    (local $t i32) (local $root i32) (local $column i32) (local $r i32) (local $s i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32)
    (local $n0 i32) (local $n1 i32) (local $n2 i32) (local $n3 i32)
    (local $f0 i32) (local $f1 i32) (local $f2 i32) (local $f3 i32)
    ;; A leaf's values (p) added into a row's scores (q), k outputs left: inline, as a call per row and tree cost a third of the walk.
    (local $p i32) (local $q i32) (local $k i32)
    (block $treesDone
      (loop $eachTree
        (br_if $treesDone (i32.ge_u (local.get $t) (local.get $trees)))
        (local.set $root (i32.load (i32.add (local.get $roots) (i32.shl (local.get $t) (i32.const 2)))))
        (local.set $column (i32.shl (i32.mul (i32.rem_u (local.get $t) (local.get $groups)) (local.get $outputs)) (i32.const 3)))
        (local.set $r (i32.const 0))
        (local.set $a0 (local.get $block))
        (local.set $s (i32.add (local.get $scores) (local.get $column)))
        (block $quadsDone
          (loop $eachQuad
            (br_if $quadsDone (i32.gt_u (i32.add (local.get $r) (i32.const 4)) (local.get $n)))
            (local.set $a1 (i32.add (local.get $a0) (local.get $rowBytes)))
            (local.set $a2 (i32.add (local.get $a1) (local.get $rowBytes)))
            (local.set $a3 (i32.add (local.get $a2) (local.get $rowBytes)))
            (local.set $n0 (local.get $root))
            (local.set $n1 (local.get $root))
            (local.set $n2 (local.get $root))
            (local.set $n3 (local.get $root))
            (local.set $f0 (i32.load (i32.add (local.get $nodes) (i32.shl (local.get $root) (i32.const 3)))))
            (local.set $f1 (local.get $f0))
            (local.set $f2 (local.get $f0))
            (local.set $f3 (local.get $f0))
            (block $atLeaves
              (loop $step
                (br_if $atLeaves (i32.eqz (i32.or (i32.or (local.get $f0) (local.get $f1)) (i32.or (local.get $f2) (local.get $f3)))))
                (local.set $n0 (i32.add
                  (i32.load offset=4 (i32.add (local.get $nodes) (i32.shl (local.get $n0) (i32.const 3))))
                  (i32.eqz (f64.le (f64.load (i32.add (local.get $a0) (i32.shl (local.get $f0) (i32.const 3))))
                                   (f64.load (i32.add (local.get $thresholds) (i32.shl (local.get $n0) (i32.const 3))))))))
                (local.set $n1 (i32.add
                  (i32.load offset=4 (i32.add (local.get $nodes) (i32.shl (local.get $n1) (i32.const 3))))
                  (i32.eqz (f64.le (f64.load (i32.add (local.get $a1) (i32.shl (local.get $f1) (i32.const 3))))
                                   (f64.load (i32.add (local.get $thresholds) (i32.shl (local.get $n1) (i32.const 3))))))))
                (local.set $n2 (i32.add
                  (i32.load offset=4 (i32.add (local.get $nodes) (i32.shl (local.get $n2) (i32.const 3))))
                  (i32.eqz (f64.le (f64.load (i32.add (local.get $a2) (i32.shl (local.get $f2) (i32.const 3))))
                                   (f64.load (i32.add (local.get $thresholds) (i32.shl (local.get $n2) (i32.const 3))))))))
                (local.set $n3 (i32.add
                  (i32.load offset=4 (i32.add (local.get $nodes) (i32.shl (local.get $n3) (i32.const 3))))
                  (i32.eqz (f64.le (f64.load (i32.add (local.get $a3) (i32.shl (local.get $f3) (i32.const 3))))
                                   (f64.load (i32.add (local.get $thresholds) (i32.shl (local.get $n3) (i32.const 3))))))))
                (local.set $f0 (i32.load (i32.add (local.get $nodes) (i32.shl (local.get $n0) (i32.const 3)))))
                (local.set $f1 (i32.load (i32.add (local.get $nodes) (i32.shl (local.get $n1) (i32.const 3)))))
                (local.set $f2 (i32.load (i32.add (local.get $nodes) (i32.shl (local.get $n2) (i32.const 3)))))
                (local.set $f3 (i32.load (i32.add (local.get $nodes) (i32.shl (local.get $n3) (i32.const 3)))))
                (br $step)))
            (local.set $p (i32.add (local.get $values)
              (i32.shl (i32.load (i32.add (local.get $leafAt) (i32.shl (local.get $n0) (i32.const 2)))) (i32.const 3))))
            (local.set $q (local.get $s))
            (local.set $k (local.get $outputs))
            (loop $sum
              (f64.store (local.get $q) (f64.add (f64.load (local.get $q)) (f64.load (local.get $p))))
              (local.set $q (i32.add (local.get $q) (i32.const 8)))
              (local.set $p (i32.add (local.get $p) (i32.const 8)))
              (br_if $sum (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
            (local.set $s (i32.add (local.get $s) (local.get $scoreBytes)))
            (local.set $p (i32.add (local.get $values)
              (i32.shl (i32.load (i32.add (local.get $leafAt) (i32.shl (local.get $n1) (i32.const 2)))) (i32.const 3))))
            (local.set $q (local.get $s))
            (local.set $k (local.get $outputs))
            (loop $sum
              (f64.store (local.get $q) (f64.add (f64.load (local.get $q)) (f64.load (local.get $p))))
              (local.set $q (i32.add (local.get $q) (i32.const 8)))
              (local.set $p (i32.add (local.get $p) (i32.const 8)))
              (br_if $sum (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
            (local.set $s (i32.add (local.get $s) (local.get $scoreBytes)))
            (local.set $p (i32.add (local.get $values)
              (i32.shl (i32.load (i32.add (local.get $leafAt) (i32.shl (local.get $n2) (i32.const 2)))) (i32.const 3))))
            (local.set $q (local.get $s))
            (local.set $k (local.get $outputs))
            (loop $sum
              (f64.store (local.get $q) (f64.add (f64.load (local.get $q)) (f64.load (local.get $p))))
              (local.set $q (i32.add (local.get $q) (i32.const 8)))
              (local.set $p (i32.add (local.get $p) (i32.const 8)))
              (br_if $sum (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
            (local.set $s (i32.add (local.get $s) (local.get $scoreBytes)))
            (local.set $p (i32.add (local.get $values)
              (i32.shl (i32.load (i32.add (local.get $leafAt) (i32.shl (local.get $n3) (i32.const 2)))) (i32.const 3))))
            (local.set $q (local.get $s))
            (local.set $k (local.get $outputs))
            (loop $sum
              (f64.store (local.get $q) (f64.add (f64.load (local.get $q)) (f64.load (local.get $p))))
              (local.set $q (i32.add (local.get $q) (i32.const 8)))
              (local.set $p (i32.add (local.get $p) (i32.const 8)))
              (br_if $sum (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
            (local.set $s (i32.add (local.get $s) (local.get $scoreBytes)))
            (local.set $a0 (i32.add (local.get $a3) (local.get $rowBytes)))
            (local.set $r (i32.add (local.get $r) (i32.const 4)))
            (br $eachQuad)))
        ;; The last one to three rows, one at a time.
        (block $rowsDone
          (loop $eachRow
            (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $n)))
            (local.set $n0 (local.get $root))
            (local.set $f0 (i32.load (i32.add (local.get $nodes) (i32.shl (local.get $root) (i32.const 3)))))
            (block $atLeaf
              (loop $step
                (br_if $atLeaf (i32.eqz (local.get $f0)))
                (local.set $n0 (i32.add
                  (i32.load offset=4 (i32.add (local.get $nodes) (i32.shl (local.get $n0) (i32.const 3))))
                  (i32.eqz (f64.le (f64.load (i32.add (local.get $a0) (i32.shl (local.get $f0) (i32.const 3))))
                                   (f64.load (i32.add (local.get $thresholds) (i32.shl (local.get $n0) (i32.const 3))))))))
                (local.set $f0 (i32.load (i32.add (local.get $nodes) (i32.shl (local.get $n0) (i32.const 3)))))
                (br $step)))
            (local.set $p (i32.add (local.get $values)
              (i32.shl (i32.load (i32.add (local.get $leafAt) (i32.shl (local.get $n0) (i32.const 2)))) (i32.const 3))))
            (local.set $q (local.get $s))
            (local.set $k (local.get $outputs))
            (loop $sum
              (f64.store (local.get $q) (f64.add (f64.load (local.get $q)) (f64.load (local.get $p))))
              (local.set $q (i32.add (local.get $q) (i32.const 8)))
              (local.set $p (i32.add (local.get $p) (i32.const 8)))
              (br_if $sum (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
            (local.set $s (i32.add (local.get $s) (local.get $scoreBytes)))
            (local.set $a0 (i32.add (local.get $a0) (local.get $rowBytes)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $eachRow)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $eachTree))))

)
