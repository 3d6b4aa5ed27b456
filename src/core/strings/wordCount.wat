;; Whitespace-delimited word counts of valid UTF-8 texts, 16 bytes at a time:
;; Rust's `str::split_whitespace().count()`.
;;
;; countRanges(base, starts, ends, n, out)
;;   For k in 0..n, counts the words of bytes base[starts[k] .. ends[k]) (u32
;;   arrays at `starts` and `ends`) and stores the count at out[k] (u32).
;;
;; White space is Unicode's White_Space: ASCII 0x09-0x0d and 0x20, and the
;; multi-byte U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F,
;; U+205F, U+3000, whose lead bytes are 0xc2, 0xe1, 0xe2 and 0xe3. A vector
;; holding none of those lead bytes is counted with SIMD (every other byte of a
;; multi-byte character is a word byte); one holding any is walked character
;; by character. The texts must be valid UTF-8 (the caller checks).
(module
  (memory (export "memory") 1)

  ;; 1 when the character at $p (a lead byte 0xc2/0xe1/0xe2/0xe3, inside [p, end)) is white space.
  (func $multiSpace (param $p i32) (param $end i32) (result i32)
    (local $b i32) (local $c i32) (local $d i32)
    (local.set $b (i32.load8_u (local.get $p)))
    (if (i32.eq (local.get $b) (i32.const 0xc2))
      (then
        (if (i32.ge_u (i32.add (local.get $p) (i32.const 1)) (local.get $end)) (then (return (i32.const 0))))
        (local.set $c (i32.load8_u offset=1 (local.get $p)))
        (return (i32.or (i32.eq (local.get $c) (i32.const 0x85)) (i32.eq (local.get $c) (i32.const 0xa0))))))
    (if (i32.ge_u (i32.add (local.get $p) (i32.const 2)) (local.get $end)) (then (return (i32.const 0))))
    (local.set $c (i32.load8_u offset=1 (local.get $p)))
    (local.set $d (i32.load8_u offset=2 (local.get $p)))
    (if (i32.eq (local.get $b) (i32.const 0xe1))
      (then (return (i32.and (i32.eq (local.get $c) (i32.const 0x9a)) (i32.eq (local.get $d) (i32.const 0x80))))))
    (if (i32.eq (local.get $b) (i32.const 0xe3))
      (then (return (i32.and (i32.eq (local.get $c) (i32.const 0x80)) (i32.eq (local.get $d) (i32.const 0x80))))))
    ;; 0xe2: U+2000..U+200A, U+2028, U+2029, U+202F, U+205F
    (if (i32.eq (local.get $c) (i32.const 0x80))
      (then
        (return
          (i32.or
            (i32.and (i32.ge_u (local.get $d) (i32.const 0x80)) (i32.le_u (local.get $d) (i32.const 0x8a)))
            (i32.or
              (i32.or (i32.eq (local.get $d) (i32.const 0xa8)) (i32.eq (local.get $d) (i32.const 0xa9)))
              (i32.eq (local.get $d) (i32.const 0xaf)))))))
    (i32.and (i32.eq (local.get $c) (i32.const 0x81)) (i32.eq (local.get $d) (i32.const 0x9f))))

  ;; Width of the UTF-8 character whose lead byte is $b.
  (func $width (param $b i32) (result i32)
    (if (i32.ge_u (local.get $b) (i32.const 0xf0)) (then (return (i32.const 4))))
    (if (i32.ge_u (local.get $b) (i32.const 0xe0)) (then (return (i32.const 3))))
    (if (i32.ge_u (local.get $b) (i32.const 0xc0)) (then (return (i32.const 2))))
    (i32.const 1))

  ;; Words of [p, end), in $count (global-free: returns count, and inWord in the low bit of a second call is not needed).
  (func $count (param $p i32) (param $end i32) (result i32)
    (local $count i32) (local $inWord i32) (local $v v128) (local $mask i32) (local $starts i32)
    (local $vectorEnd i32) (local $b i32) (local $space i32) (local $w i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (if (i32.le_u (i32.add (local.get $p) (i32.const 16)) (local.get $end))
          (then
            (local.set $v (v128.load (local.get $p)))
            (if (i32.eqz
                  (v128.any_true
                    (v128.or
                      (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0xc2)))
                      (v128.or
                        (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0xe1)))
                        (v128.or
                          (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0xe2)))
                          (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0xe3))))))))
              (then
                ;; word bytes: neither 0x20 nor 0x09..0x0d
                (local.set $mask
                  (i32.xor
                    (i8x16.bitmask
                      (v128.or
                        (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x20)))
                        (i8x16.lt_u (i8x16.sub (local.get $v) (i8x16.splat (i32.const 0x09))) (i8x16.splat (i32.const 5)))))
                    (i32.const 0xffff)))
                ;; a word starts at a word byte whose previous byte is not one
                (local.set $starts
                  (i32.and (local.get $mask)
                    (i32.xor (i32.or (i32.shl (local.get $mask) (i32.const 1)) (local.get $inWord)) (i32.const 0x1ffff))))
                (local.set $count (i32.add (local.get $count) (i32.popcnt (local.get $starts))))
                (local.set $inWord (i32.and (i32.shr_u (local.get $mask) (i32.const 15)) (i32.const 1)))
                (local.set $p (i32.add (local.get $p) (i32.const 16)))
                (br $next)))
            (local.set $vectorEnd (i32.add (local.get $p) (i32.const 16))))
          (else (local.set $vectorEnd (local.get $end))))
        ;; character by character up to the vector's end (a character may run past it)
        (block $walked
          (loop $walk
            (br_if $walked (i32.ge_u (local.get $p) (local.get $vectorEnd)))
            (local.set $b (i32.load8_u (local.get $p)))
            (if (i32.lt_u (local.get $b) (i32.const 0x80))
              (then
                (local.set $space (i32.or (i32.eq (local.get $b) (i32.const 0x20))
                                          (i32.lt_u (i32.sub (local.get $b) (i32.const 0x09)) (i32.const 5))))
                (local.set $w (i32.const 1)))
              (else
                (local.set $w (call $width (local.get $b)))
                (local.set $space
                  (if (result i32)
                      (i32.or (i32.or (i32.eq (local.get $b) (i32.const 0xc2)) (i32.eq (local.get $b) (i32.const 0xe1)))
                              (i32.or (i32.eq (local.get $b) (i32.const 0xe2)) (i32.eq (local.get $b) (i32.const 0xe3))))
                    (then (call $multiSpace (local.get $p) (local.get $end)))
                    (else (i32.const 0))))))
            (if (local.get $space)
              (then (local.set $inWord (i32.const 0)))
              (else
                (if (i32.eqz (local.get $inWord))
                  (then
                    (local.set $inWord (i32.const 1))
                    (local.set $count (i32.add (local.get $count) (i32.const 1)))))))
            (local.set $p (i32.add (local.get $p) (local.get $w)))
            (br $walk)))
        (br $next)))
    (local.get $count))

  (func (export "countRanges") (param $base i32) (param $starts i32) (param $ends i32) (param $n i32) (param $out i32)
    (local $k i32) (local $at i32)
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $at (i32.shl (local.get $k) (i32.const 2)))
        (i32.store (i32.add (local.get $out) (local.get $at))
          (call $count
            (i32.add (local.get $base) (i32.load (i32.add (local.get $starts) (local.get $at))))
            (i32.add (local.get $base) (i32.load (i32.add (local.get $ends) (local.get $at))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $each))))
)
