;; Scores many int8 rows against one int16 query in a single call (WebAssembly SIMD), and can
;; copy the rows it reads next to one another, so that scoring them again reads memory in order.
;; Compiled to int8-dot.wasm by `npx tsx indexes/vector/src/compile-kernel.ts` (from the repository root).
(module
  (memory (export "memory") 1)
  ;; out[i] = Σ_d query[d] · row(i)[d], as i32, for i < count.
  ;; query: `stride` i16 at $query; rows: `stride` i8 each from $base (stride: a multiple of 16);
  ;; row(i) is row slots[i] (i32 at $slots), or row i when $slots is 0; out: i32 at $out.
  ;; Unless $copy is 0, row(i) is also copied to $copy + i · stride.
  (func (export "scores") (param $query i32) (param $base i32) (param $slots i32) (param $count i32) (param $out i32) (param $stride i32) (param $copy i32)
    (local $i i32) (local $row i32) (local $d i32) (local $q i32) (local $v v128)
    (local $low v128) (local $high v128)
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $row (i32.add (local.get $base) (i32.mul (local.get $stride)
          (if (result i32) (local.get $slots)
            (then (i32.load (i32.add (local.get $slots) (i32.shl (local.get $i) (i32.const 2)))))
            (else (local.get $i))))))
        (if (local.get $copy)
          (then (memory.copy (i32.add (local.get $copy) (i32.mul (local.get $i) (local.get $stride))) (local.get $row) (local.get $stride))))
        (local.set $low (v128.const i32x4 0 0 0 0))
        (local.set $high (v128.const i32x4 0 0 0 0))
        (local.set $d (i32.const 0))
        (local.set $q (local.get $query))
        ;; 16 dimensions a step: the row's bytes widened to i16, multiplied pairwise into i32.
        (loop $lanes
          (local.set $v (v128.load (i32.add (local.get $row) (local.get $d))))
          (local.set $low (i32x4.add (local.get $low)
            (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $v)) (v128.load (local.get $q)))))
          (local.set $high (i32x4.add (local.get $high)
            (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $v)) (v128.load offset=16 (local.get $q)))))
          (local.set $q (i32.add (local.get $q) (i32.const 32)))
          (local.set $d (i32.add (local.get $d) (i32.const 16)))
          (br_if $lanes (i32.lt_u (local.get $d) (local.get $stride))))
        (local.set $low (i32x4.add (local.get $low) (local.get $high)))
        (i32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
          (i32.add
            (i32.add (i32x4.extract_lane 0 (local.get $low)) (i32x4.extract_lane 1 (local.get $low)))
            (i32.add (i32x4.extract_lane 2 (local.get $low)) (i32x4.extract_lane 3 (local.get $low)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))
)
