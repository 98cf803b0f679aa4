;; The CSV reader's plain rows on WebAssembly (engine/io/plain-rows.ts): rows whose cells are all plain
;; decimals (`-12.5`, empty for missing) in number columns and unquoted values in text columns, read from a
;; window of the input that the caller copies into linear memory. Anything else (a quote, an exponent, a
;; blank around a number, a tab, a missing-value word in a number column, a row with too few or too many
;; values, a bare CR, a blank line) stops the call at that row's start, for the JavaScript reader to take
;; the row the general way. Numbers are the values scanPlainNumber (csv-fields.ts) gives, bit for bit: up to 15 digits and 22
;; decimals, one exact integer divided by an exact power of ten. Digits and text are read eight bytes at a
;; time (SWAR): a run of digits is found and converted with three multiplies, a text value's end with two
;; zero-byte tests, so no loop exit per byte goes mispredicted. A text value is looked up in its column's
;; copy of the values seen so far; values not there are left to the caller (new values, missing-value
;; words, values with blanks around them), which adds new ones to the copy between calls (`add`). The copy
;; holds no value with a blank at either end (a quoted one may have them), so a padded cell always goes
;; back to the caller, to be trimmed.
;; Rebuild the bytes after editing: node scripts/build-wasm.mjs
(module
  (import "env" "memory" (memory 1))

  ;; Where the call stopped (a row's start, as an offset into the window) and why: 0 the window ended
  ;; within a row or exactly after one, 1 a row the general reader must take, 2 `limit` rows were read.
  (global $stop (export "stop") (mut i32) (i32.const 0))
  (global $why (export "why") (mut i32) (i32.const 0))

  ;; Powers of ten: f64 1e0..1e22 at address 0, i64 1e0..1e8 at address 184, written by the caller.
  (global $F64_POW10 i32 (i32.const 0))
  (global $I64_POW10 i32 (i32.const 184))

  ;; A dictionary: a mask at +0, then DICT_SLOTS i32 slots (code + 1, 0 empty) at +8, then per code an i32
  ;; byte address and an i32 length at +8 + 4·DICT_SLOTS. plain-rows.ts sizes it the same.
  (global $DICT_SLOTS i32 (i32.const 2048))

  ;; The low k (0..7) bytes of x.
  (func $lowBytes (param $x i64) (param $k i32) (result i64)
    (i64.and (local.get $x) (i64.sub (i64.shl (i64.const 1) (i64.extend_i32_u (i32.shl (local.get $k) (i32.const 3)))) (i64.const 1))))

  (func $mix (param $h i64) (param $word i64) (result i64)
    (i64.mul (i64.xor (local.get $h) (local.get $word)) (i64.const 0x9e3779b97f4a7c15)))

  (func $finish (param $h i64) (param $length i32) (result i32)
    (local.set $h (call $mix (local.get $h) (i64.extend_i32_u (local.get $length))))
    (i32.wrap_i64 (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 32)))))

  ;; The hash of `length` bytes at `at`, as `rows` takes it while scanning: each whole eight bytes, then the
  ;; rest, then the length. Reads up to seven bytes past the end, which the caller keeps in memory.
  (func $hashBytes (param $at i32) (param $length i32) (result i32)
    (local $h i64) (local $p i32) (local $end i32)
    (local.set $p (local.get $at))
    (local.set $end (i32.add (local.get $at) (local.get $length)))
    (block $whole
      (loop $words
        (br_if $whole (i32.gt_u (i32.add (local.get $p) (i32.const 8)) (local.get $end)))
        (local.set $h (call $mix (local.get $h) (i64.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br $words)))
    (local.set $h (call $mix (local.get $h) (call $lowBytes (i64.load (local.get $p)) (i32.sub (local.get $end) (local.get $p)))))
    (call $finish (local.get $h) (local.get $length)))

  (func $sameBytes (param $a i32) (param $b i32) (param $length i32) (result i32)
    (block $differ
      (loop $words
        (if (i32.lt_u (local.get $length) (i32.const 8))
          (then
            (return (i64.eqz (call $lowBytes (i64.xor (i64.load (local.get $a)) (i64.load (local.get $b))) (local.get $length))))))
        (br_if $differ (i64.ne (i64.load (local.get $a)) (i64.load (local.get $b))))
        (local.set $a (i32.add (local.get $a) (i32.const 8)))
        (local.set $b (i32.add (local.get $b) (i32.const 8)))
        (local.set $length (i32.sub (local.get $length) (i32.const 8)))
        (br $words)))
    (i32.const 0))

  ;; Records code `code` for the `length` bytes at `at` (kept there by the caller) in the dictionary at `dict`.
  (func (export "add") (param $dict i32) (param $code i32) (param $at i32) (param $length i32)
    (local $mask i32) (local $slot i32)
    (local.set $mask (i32.load (local.get $dict)))
    (local.set $slot (i32.and (call $hashBytes (local.get $at) (local.get $length)) (local.get $mask)))
    (block $free
      (loop $probe
        (br_if $free (i32.eqz (i32.load offset=8 (i32.add (local.get $dict) (i32.shl (local.get $slot) (i32.const 2))))))
        (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (local.get $mask)))
        (br $probe)))
    (i32.store offset=8 (i32.add (local.get $dict) (i32.shl (local.get $slot) (i32.const 2))) (i32.add (local.get $code) (i32.const 1)))
    (local.set $slot (i32.add (i32.add (local.get $dict) (i32.const 8)) (i32.shl (i32.add (global.get $DICT_SLOTS) (i32.shl (local.get $code) (i32.const 1))) (i32.const 2))))
    (i32.store (local.get $slot) (local.get $at))
    (i32.store offset=4 (local.get $slot) (local.get $length)))

  ;; Reads rows from the window [in, in + len), whose byte at in + len the caller sets to 0 and after which
  ;; it keeps 8 more bytes. columns: an i32 per column, 0 for a number column, else a text column's
  ;; dictionary address (1: none, every value left to the caller). Cell (c, r) of the output is at
  ;; out + (c·rowCap + r)·8: an f64 for a number column (NaN when empty); for a text column an i32 start
  ;; offset into the window and an i32 length. codes + (c·rowCap + r)·4 holds a text cell's code: -1 empty,
  ;; -2 left to the caller, who finds misses[c] such cells. Reads at most limit (≤ rowCap) rows; returns how
  ;; many it read.
  (func (export "rows") (param $in i32) (param $len i32) (param $ncols i32) (param $delim i32) (param $columns i32)
    (param $out i32) (param $codes i32) (param $misses i32) (param $rowCap i32) (param $limit i32) (result i32)
    (local $end i32) (local $p i32) (local $row i32) (local $rowStart i32) (local $c i32) (local $last i32)
    (local $b i32) (local $k i32) (local $cell i32) (local $slot i32) (local $m i64) (local $digits i32)
    (local $fraction i32) (local $neg i32) (local $v f64) (local $x i64) (local $ends i64) (local $h i64)
    (local $delims i64) (local $dict i32) (local $code i32) (local $length i32) (local $inFraction i32)
    (local.set $end (i32.add (local.get $in) (local.get $len)))
    (local.set $last (i32.sub (local.get $ncols) (i32.const 1)))
    (local.set $delims (i64.mul (i64.extend_i32_u (local.get $delim)) (i64.const 0x0101010101010101)))
    (local.set $p (local.get $in))
    (block $done
      (block $general
        (block $windowEnd
          (loop $rows
            (local.set $rowStart (local.get $p))
            (br_if $windowEnd (i32.ge_u (local.get $p) (local.get $end)))
            (if (i32.ge_u (local.get $row) (local.get $limit))
              (then (global.set $why (i32.const 2)) (br $done)))
            ;; A line end or a tab first: a blank line, or a value the general reader trims.
            (br_if $general (i32.le_u (i32.load8_u (local.get $p)) (i32.const 13)))
            (local.set $c (i32.const 0))
            (local.set $slot (local.get $row))
            (loop $cols
              (local.set $cell (local.get $p))
              (local.set $dict (i32.load (i32.add (local.get $columns) (i32.shl (local.get $c) (i32.const 2)))))
              (if (i32.eqz (local.get $dict))
                (then
                  (local.set $m (i64.const 0))
                  (local.set $digits (i32.const 0))
                  (local.set $fraction (i32.const 0))
                  (local.set $neg (i32.eq (i32.load8_u (local.get $p)) (i32.const 45)))
                  (local.set $p (i32.add (local.get $p) (local.get $neg)))
                  ;; Digit runs, up to eight digits a step (written out here: this V8 does not inline wasm
                  ;; calls): the high bit of each non-digit byte, its position, then the digits' value by
                  ;; three multiplies; the whole digits, then after a point the decimals.
                  (local.set $inFraction (i32.const 0))
                  (loop $run
                    (local.set $x (i64.xor (i64.load (local.get $p)) (i64.const 0x3030303030303030)))
                    (local.set $k (i32.wrap_i64 (i64.shr_u (i64.ctz (i64.and
                      (i64.or (local.get $x) (i64.add (i64.and (local.get $x) (i64.const 0x7f7f7f7f7f7f7f7f)) (i64.const 0x7676767676767676)))
                      (i64.const 0x8080808080808080))) (i64.const 3))))
                    (if (local.get $k)
                      (then
                        (local.set $x (i64.shl (local.get $x) (i64.extend_i32_u (i32.sub (i32.const 64) (i32.shl (local.get $k) (i32.const 3))))))
                        (local.set $x (i64.shr_u (i64.mul (local.get $x) (i64.const 2561)) (i64.const 8)))
                        (local.set $x (i64.shr_u (i64.mul (i64.and (local.get $x) (i64.const 0x00ff00ff00ff00ff)) (i64.const 6553601)) (i64.const 16)))
                        (local.set $x (i64.shr_u (i64.mul (i64.and (local.get $x) (i64.const 0x0000ffff0000ffff)) (i64.const 42949672960001)) (i64.const 32)))
                        (local.set $m (i64.add (i64.mul (local.get $m) (i64.load (i32.add (global.get $I64_POW10) (i32.shl (local.get $k) (i32.const 3))))) (local.get $x)))
                        (if (local.get $inFraction)
                          (then (local.set $fraction (i32.add (local.get $fraction) (local.get $k))))
                          (else (local.set $digits (i32.add (local.get $digits) (local.get $k)))))
                        (local.set $p (i32.add (local.get $p) (local.get $k)))))
                    (br_if $run (i32.eq (local.get $k) (i32.const 8)))
                    (if (i32.and (i32.eqz (local.get $inFraction)) (i32.eq (i32.load8_u (local.get $p)) (i32.const 46)))
                      (then
                        (local.set $inFraction (i32.const 1))
                        (local.set $p (i32.add (local.get $p) (i32.const 1)))
                        (br $run))))
                  (local.set $digits (i32.add (local.get $digits) (local.get $fraction)))
                  (if (i32.eqz (local.get $digits))
                    (then
                      ;; An empty cell is missing; a lone `-` or `.` is text, for the general reader.
                      (br_if $general (i32.and (i32.ne (local.get $p) (local.get $cell)) (i32.lt_u (local.get $p) (local.get $end))))
                      (br_if $windowEnd (i32.ne (local.get $p) (local.get $cell)))
                      (f64.store (i32.add (local.get $out) (i32.shl (local.get $slot) (i32.const 3))) (f64.const nan)))
                    (else
                      ;; Past 15 digits the integer may be inexact (and past 19 it wrapped): the general reader.
                      (br_if $general (i32.or (i32.gt_u (local.get $digits) (i32.const 15)) (i32.gt_u (local.get $fraction) (i32.const 22))))
                      (local.set $v (f64.convert_i64_u (local.get $m)))
                      ;; Without branches, which a column mixing signs or integers and decimals would mispredict:
                      ;; an integer is divided by 1e0 (exact), and the sign is a select.
                      (local.set $v (f64.div (local.get $v) (f64.load (i32.add (global.get $F64_POW10) (i32.shl (local.get $fraction) (i32.const 3))))))
                      (local.set $v (select (f64.neg (local.get $v)) (local.get $v) (local.get $neg)))
                      (f64.store (i32.add (local.get $out) (i32.shl (local.get $slot) (i32.const 3))) (local.get $v)))))
                (else
                  (br_if $general (i32.eq (i32.load8_u (local.get $p)) (i32.const 34)))
                  ;; Eight bytes a step: the high bit of each byte that ends the value (the delimiter, or a byte
                  ;; below 14: LF, CR, the window's closing 0, a tab; exact for the lowest one), then $lowBytes and
                  ;; $mix written out.
                  (local.set $h (i64.const 0))
                  (block $text
                    (loop $words
                      (local.set $x (i64.load (local.get $p)))
                      (local.set $ends (i64.xor (local.get $x) (local.get $delims)))
                      (local.set $ends (i64.and (i64.or
                        (i64.and (i64.sub (local.get $ends) (i64.const 0x0101010101010101)) (i64.xor (local.get $ends) (i64.const -1)))
                        (i64.and (i64.sub (local.get $x) (i64.const 0x0e0e0e0e0e0e0e0e)) (i64.xor (local.get $x) (i64.const -1))))
                        (i64.const 0x8080808080808080)))
                      (if (i64.ne (local.get $ends) (i64.const 0))
                        (then
                          (local.set $k (i32.wrap_i64 (i64.shr_u (i64.ctz (local.get $ends)) (i64.const 3))))
                          (local.set $h (i64.mul (i64.xor (local.get $h)
                            (i64.and (local.get $x) (i64.sub (i64.shl (i64.const 1) (i64.extend_i32_u (i32.shl (local.get $k) (i32.const 3)))) (i64.const 1))))
                            (i64.const 0x9e3779b97f4a7c15)))
                          (local.set $p (i32.add (local.get $p) (local.get $k)))
                          (br $text)))
                      (local.set $h (i64.mul (i64.xor (local.get $h) (local.get $x)) (i64.const 0x9e3779b97f4a7c15)))
                      (local.set $p (i32.add (local.get $p) (i32.const 8)))
                      (br $words)))
                  (local.set $length (i32.sub (local.get $p) (local.get $cell)))
                  (local.set $code (i32.const -1))
                  (if (local.get $length)
                    (then
                      (local.set $code (i32.const -2))
                      (if (i32.ne (local.get $dict) (i32.const 1))
                        (then
                          ;; The lookup: $finish's hash, then the value's slots from hash & mask; values of up
                          ;; to eight bytes compared in one step, longer ones by $sameBytes.
                          (local.set $h (i64.mul (i64.xor (local.get $h) (i64.extend_i32_u (local.get $length))) (i64.const 0x9e3779b97f4a7c15)))
                          (local.set $k (i32.and (i32.wrap_i64 (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 32)))) (i32.load (local.get $dict))))
                          (block $found
                            (loop $probe
                              (local.set $code (i32.load offset=8 (i32.add (local.get $dict) (i32.shl (local.get $k) (i32.const 2)))))
                              (if (i32.eqz (local.get $code)) (then (local.set $code (i32.const -2)) (br $found)))
                              (local.set $code (i32.sub (local.get $code) (i32.const 1)))
                              (local.set $b (i32.add (i32.add (local.get $dict) (i32.const 8)) (i32.shl (i32.add (global.get $DICT_SLOTS) (i32.shl (local.get $code) (i32.const 1))) (i32.const 2))))
                              (if (i32.eq (i32.load offset=4 (local.get $b)) (local.get $length))
                                (then
                                  (br_if $found (if (result i32) (i32.le_u (local.get $length) (i32.const 8))
                                    (then (i64.eqz (i64.and (i64.xor (i64.load (i32.load (local.get $b))) (i64.load (local.get $cell)))
                                      (i64.shr_u (i64.const -1) (i64.extend_i32_u (i32.sub (i32.const 64) (i32.shl (local.get $length) (i32.const 3))))))))
                                    (else (call $sameBytes (i32.load (local.get $b)) (local.get $cell) (local.get $length)))))))
                              (local.set $k (i32.and (i32.add (local.get $k) (i32.const 1)) (i32.load (local.get $dict))))
                              (br $probe)))))
                      (if (i32.eq (local.get $code) (i32.const -2))
                        (then
                          (i32.store (i32.add (local.get $out) (i32.shl (local.get $slot) (i32.const 3))) (i32.sub (local.get $cell) (local.get $in)))
                          (i32.store offset=4 (i32.add (local.get $out) (i32.shl (local.get $slot) (i32.const 3))) (local.get $length))
                          (local.set $k (i32.add (local.get $misses) (i32.shl (local.get $c) (i32.const 2))))
                          (i32.store (local.get $k) (i32.add (i32.load (local.get $k)) (i32.const 1)))))))
                  (i32.store (i32.add (local.get $codes) (i32.shl (local.get $slot) (i32.const 2))) (local.get $code))))
              ;; What ends the cell: the delimiter before the last column, a line end after it.
              (br_if $windowEnd (i32.ge_u (local.get $p) (local.get $end)))
              (local.set $b (i32.load8_u (local.get $p)))
              (if (i32.lt_u (local.get $c) (local.get $last))
                (then
                  (br_if $general (i32.ne (local.get $b) (local.get $delim)))
                  (local.set $p (i32.add (local.get $p) (i32.const 1)))
                  (local.set $c (i32.add (local.get $c) (i32.const 1)))
                  (local.set $slot (i32.add (local.get $slot) (local.get $rowCap)))
                  (br $cols)))
              (if (i32.eq (local.get $b) (i32.const 10))
                (then (local.set $p (i32.add (local.get $p) (i32.const 1))))
                (else
                  (br_if $general (i32.ne (local.get $b) (i32.const 13)))
                  (br_if $windowEnd (i32.ge_u (i32.add (local.get $p) (i32.const 1)) (local.get $end)))
                  (br_if $general (i32.ne (i32.load8_u offset=1 (local.get $p)) (i32.const 10)))
                  (local.set $p (i32.add (local.get $p) (i32.const 2))))))
            (local.set $row (i32.add (local.get $row) (i32.const 1)))
            (br $rows)))
        (global.set $why (i32.const 0))
        (br $done))
      (global.set $why (i32.const 1)))
    (global.set $stop (i32.sub (local.get $rowStart) (local.get $in)))
    (local.get $row))
)
