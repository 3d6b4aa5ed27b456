;; JSON string escaping of UTF-8 bytes, 16 bytes at a time.
;;
;; escape(src, len, dst) -> bytes written at dst
;;   Copies bytes src[0..len) to dst, replacing each byte that JSON requires
;;   escaped with serde_json's escape: \" \\ \b \t \n \f \r, other bytes below
;;   0x20 as \u00XX (lowercase hex). Bytes >= 0x80 (UTF-8 sequences) and 0x7f are
;;   copied as they are. No quotes are added. dst needs room for 6·len bytes
;;   (plus 16 bytes of slack: whole vectors are stored).
(module
  (memory (export "memory") 1)

  ;; escape lookup: for byte b < 0x60, the second character of its short escape, or 0 for \u00XX.
  (data (i32.const 0) "uuuuuuuubtnufruuuuuuuuuuuuuuuuuu\00\00\22")
  (data (i32.const 92) "\5c")
  (data (i32.const 128) "0123456789abcdef")

  (func $escapeByte (param $b i32) (param $o i32) (result i32)
    (local $short i32)
    (i32.store8 (local.get $o) (i32.const 0x5c))
    (local.set $short (i32.load8_u (local.get $b)))
    (if (i32.ne (local.get $short) (i32.const 0x75))
      (then
        (i32.store8 offset=1 (local.get $o) (local.get $short))
        (return (i32.add (local.get $o) (i32.const 2)))))
    ;; \u00XX
    (i32.store8 offset=1 (local.get $o) (i32.const 0x75))
    (i32.store8 offset=2 (local.get $o) (i32.const 0x30))
    (i32.store8 offset=3 (local.get $o) (i32.const 0x30))
    (i32.store8 offset=4 (local.get $o) (i32.load8_u offset=128 (i32.shr_u (local.get $b) (i32.const 4))))
    (i32.store8 offset=5 (local.get $o) (i32.load8_u offset=128 (i32.and (local.get $b) (i32.const 15))))
    (i32.add (local.get $o) (i32.const 6)))

  (func (export "escape") (param $src i32) (param $len i32) (param $dst i32) (result i32)
    (local $i i32) (local $o i32) (local $end16 i32) (local $v v128) (local $bits i32) (local $k i32) (local $b i32)
    (local.set $o (local.get $dst))
    (local.set $end16 (i32.sub (local.get $len) (i32.const 16)))
    (block $vectors_done
      (loop $vectors
        (br_if $vectors_done (i32.gt_s (local.get $i) (local.get $end16)))
        (local.set $v (v128.load (i32.add (local.get $src) (local.get $i))))
        (local.set $bits
          (i8x16.bitmask
            (v128.or
              (i8x16.lt_u (local.get $v) (i8x16.splat (i32.const 0x20)))
              (v128.or
                (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x22)))
                (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x5c)))))))
        (v128.store (local.get $o) (local.get $v))
        (if (i32.eqz (local.get $bits))
          (then
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $vectors)))
        ;; copy up to the first byte to escape (already stored), escape it, go on after it
        (local.set $k (i32.ctz (local.get $bits)))
        (local.set $o (i32.add (local.get $o) (local.get $k)))
        (local.set $b (i32.load8_u (i32.add (local.get $src) (i32.add (local.get $i) (local.get $k)))))
        (local.set $o (call $escapeByte (local.get $b) (local.get $o)))
        (local.set $i (i32.add (local.get $i) (i32.add (local.get $k) (i32.const 1))))
        (br $vectors)))
    ;; the last < 16 bytes
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $b (i32.load8_u (i32.add (local.get $src) (local.get $i))))
        (if (i32.or (i32.lt_u (local.get $b) (i32.const 0x20))
                    (i32.or (i32.eq (local.get $b) (i32.const 0x22)) (i32.eq (local.get $b) (i32.const 0x5c))))
          (then (local.set $o (call $escapeByte (local.get $b) (local.get $o))))
          (else
            (i32.store8 (local.get $o) (local.get $b))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))
    (i32.sub (local.get $o) (local.get $dst)))
)
