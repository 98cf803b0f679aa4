;; The CSV reader's plain rows on WebAssembly (engine/io/plain-rows.ts): rows whose cells are all plain
;; decimals (`-12.5`, empty for missing) in number columns and unquoted values in text columns, read from a
;; window of the input that the caller copies into linear memory. Anything else (a quote, an exponent, a
;; blank, a missing-value word in a number column, a row with too few or too many values, a bare CR, a
;; blank line) stops the call at that row's start, for the JavaScript reader to take the row the general
;; way. Numbers are the values scanPlainNumber (csv-fields.ts) gives, bit for bit: up to 15 digits and 22
;; decimals, one exact integer divided by an exact power of ten. A text cell is left for the caller to look
;; up: its start, length and the FNV-1a hash CategoryBuilder uses.
;; Rebuild the bytes after editing: node scripts/build-wasm.mjs
(module
  (import "env" "memory" (memory 1))

  ;; Where the call stopped (a row's start, as an offset into the window) and why: 0 the window ended
  ;; within a row or exactly after one, 1 a row the general reader must take, 2 rowCap rows were read.
  (global $stop (export "stop") (mut i32) (i32.const 0))
  (global $why (export "why") (mut i32) (i32.const 0))

  ;; Reads rows from the window [in, in + len), whose byte at in + len the caller sets to 0 (it ends every
  ;; text scan and no number). Powers of ten 1e0..1e22 are f64s at address 0. kinds: a byte per column, 0
  ;; number, 1 text. Cell (c, r) of the output is at out + (c·rowCap + r)·8: an f64 for a number column
  ;; (NaN when empty); for a text column an i32 start offset into the window and an i32 length, with the
  ;; hash at hashes + (c·rowCap + r)·4. Reads at most limit (≤ rowCap) rows; returns how many it read.
  (func (export "rows") (param $in i32) (param $len i32) (param $ncols i32) (param $delim i32) (param $kinds i32)
    (param $out i32) (param $hashes i32) (param $rowCap i32) (param $limit i32) (result i32)
    (local $end i32) (local $p i32) (local $row i32) (local $rowStart i32) (local $c i32) (local $last i32)
    (local $b i32) (local $d i32) (local $cell i32) (local $slot i32) (local $m i64) (local $digits i32)
    (local $fraction i32) (local $neg i32) (local $v f64) (local $h i32)
    (local.set $end (i32.add (local.get $in) (local.get $len)))
    (local.set $last (i32.sub (local.get $ncols) (i32.const 1)))
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
              (if (i32.eqz (i32.load8_u (i32.add (local.get $kinds) (local.get $c))))
                (then
                  (local.set $m (i64.const 0))
                  (local.set $digits (i32.const 0))
                  (local.set $fraction (i32.const 0))
                  (local.set $neg (i32.eq (i32.load8_u (local.get $p)) (i32.const 45)))
                  (local.set $p (i32.add (local.get $p) (local.get $neg)))
                  (block $whole
                    (loop $digit
                      (local.set $b (i32.load8_u (local.get $p)))
                      (local.set $d (i32.sub (local.get $b) (i32.const 48)))
                      (br_if $whole (i32.gt_u (local.get $d) (i32.const 9)))
                      (local.set $m (i64.add (i64.mul (local.get $m) (i64.const 10)) (i64.extend_i32_u (local.get $d))))
                      (local.set $digits (i32.add (local.get $digits) (i32.const 1)))
                      (local.set $p (i32.add (local.get $p) (i32.const 1)))
                      (br $digit)))
                  (if (i32.eq (local.get $b) (i32.const 46))
                    (then
                      (local.set $p (i32.add (local.get $p) (i32.const 1)))
                      (block $decimals
                        (loop $decimal
                          (local.set $b (i32.load8_u (local.get $p)))
                          (local.set $d (i32.sub (local.get $b) (i32.const 48)))
                          (br_if $decimals (i32.gt_u (local.get $d) (i32.const 9)))
                          (local.set $m (i64.add (i64.mul (local.get $m) (i64.const 10)) (i64.extend_i32_u (local.get $d))))
                          (local.set $fraction (i32.add (local.get $fraction) (i32.const 1)))
                          (local.set $p (i32.add (local.get $p) (i32.const 1)))
                          (br $decimal)))
                      (local.set $digits (i32.add (local.get $digits) (local.get $fraction)))))
                  (if (i32.eqz (local.get $digits))
                    (then
                      ;; An empty cell is missing; a lone `-` or `.` is text, for the general reader.
                      (br_if $general (i32.and (i32.ne (local.get $p) (local.get $cell)) (i32.lt_u (local.get $p) (local.get $end))))
                      (br_if $windowEnd (i32.ne (local.get $p) (local.get $cell)))
                      (f64.store (i32.add (local.get $out) (i32.shl (local.get $slot) (i32.const 3))) (f64.const nan)))
                    (else
                      (br_if $general (i32.or (i32.gt_u (local.get $digits) (i32.const 15)) (i32.gt_u (local.get $fraction) (i32.const 22))))
                      (local.set $v (f64.convert_i64_u (local.get $m)))
                      (if (local.get $fraction)
                        (then (local.set $v (f64.div (local.get $v) (f64.load (i32.shl (local.get $fraction) (i32.const 3)))))))
                      (if (local.get $neg) (then (local.set $v (f64.neg (local.get $v)))))
                      (f64.store (i32.add (local.get $out) (i32.shl (local.get $slot) (i32.const 3))) (local.get $v)))))
                (else
                  (local.set $h (i32.const 0x811c9dc5))
                  (br_if $general (i32.eq (i32.load8_u (local.get $p)) (i32.const 34)))
                  (block $text
                    (loop $char
                      (local.set $b (i32.load8_u (local.get $p)))
                      ;; Bytes 0..13 end a scan (LF, CR, the window's closing 0); a tab or another control
                      ;; byte then stops the row for the general reader, below.
                      (br_if $text (i32.or (i32.eq (local.get $b) (local.get $delim)) (i32.le_u (local.get $b) (i32.const 13))))
                      (local.set $h (i32.mul (i32.xor (local.get $h) (local.get $b)) (i32.const 0x01000193)))
                      (local.set $p (i32.add (local.get $p) (i32.const 1)))
                      (br $char)))
                  (i32.store (i32.add (local.get $out) (i32.shl (local.get $slot) (i32.const 3))) (i32.sub (local.get $cell) (local.get $in)))
                  (i32.store offset=4 (i32.add (local.get $out) (i32.shl (local.get $slot) (i32.const 3))) (i32.sub (local.get $p) (local.get $cell)))
                  (i32.store (i32.add (local.get $hashes) (i32.shl (local.get $slot) (i32.const 2))) (local.get $h))))
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
