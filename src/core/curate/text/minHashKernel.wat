;; The MinHash text kernel with WebAssembly SIMD (see minHashKernel.ts, which
;; has the portable JavaScript twin of every function here: same arguments,
;; same memory layout, bit-identical results).
;;
;; All pointers are byte offsets into the imported memory, whose first 256
;; bytes are the kernel's own constants; arrays of i32 are 4-byte aligned.
;; A text is UTF-8 bytes at `in`, followed by 32 bytes of spaces (written by
;; $words), so loads past the end read whitespace.
;;
;;  scan      $words then $shingles: a text's words and shingle hashes.
;;  sign      $sketch then $bandKeys: a text's sketch and band keys.
;;  $words    lower-cases A-Z in place, finds the words (runs of bytes other
;;            than space and 9..13) and hashes each: 32 bytes per step, word
;;            boundaries from a SIMD whitespace bitmask.
;;  $shingles one 32-bit hash per run of `width` words, 4 shingles per step.
;;  $sketch   one-permutation MinHash with optimal densification.
;;  $bandKeys one 32-bit key per band of `rows` sketch values.
;;  table     a hash table of a text's distinct shingles (equal hashes are
;;            confirmed byte by byte), returning how many.
;;  compare   how many distinct shingles a second text has, and shares with
;;            the tabled one.
(module
  (import "env" "memory" (memory 1))

  ;; scan(in, n, starts, ends, hashes, seed, size, shingles) -> number of words:
  ;; $words, then, when there are any, $shingles of width min(size, words).
  (func (export "scan") (param $in i32) (param $n i32) (param $starts i32) (param $ends i32) (param $hashes i32) (param $seed i32)
                        (param $size i32) (param $out i32) (result i32)
    (local $count i32)
    (local.set $count (call $words (local.get $in) (local.get $n) (local.get $starts) (local.get $ends) (local.get $hashes) (local.get $seed) (local.get $out)))
    (if (local.get $count)
      (then
        (drop (call $shingles (local.get $hashes) (local.get $count)
          (select (local.get $size) (local.get $count) (i32.lt_u (local.get $size) (local.get $count)))
          (local.get $out)))))
    (local.get $count))

  ;; sign(shingles, m, shift, work, signature, seed, bands, rows, keys): $sketch
  ;; (bands · rows bins used), then $bandKeys.
  (func (export "sign") (param $sh i32) (param $m i32) (param $shift i32) (param $work i32) (param $sig i32) (param $seed i32)
                        (param $bands i32) (param $rows i32) (param $keys i32)
    (call $sketch (local.get $sh) (local.get $m) (local.get $shift) (local.get $work) (local.get $sig)
      (i32.mul (local.get $bands) (local.get $rows)) (local.get $seed))
    (call $bandKeys (local.get $sig) (local.get $bands) (local.get $rows) (local.get $keys)))

  ;; $MASKS (bytes 0-155 of memory, which the caller leaves alone): for a
  ;; length L in 0..12, the masks of the low L, L - 4 and L - 8 bytes of three
  ;; little-endian 4-byte chunks (none for ≤ 0, all for ≥ 4), at 12·min(L, 12).
  (data (i32.const 0) "\00\00\00\00\00\00\00\00\00\00\00\00\ff\00\00\00\00\00\00\00\00\00\00\00\ff\ff\00\00\00\00\00\00\00\00\00\00\ff\ff\ff\00\00\00\00\00\00\00\00\00\ff\ff\ff\ff\00\00\00\00\00\00\00\00\ff\ff\ff\ff\ff\00\00\00\00\00\00\00\ff\ff\ff\ff\ff\ff\00\00\00\00\00\00\ff\ff\ff\ff\ff\ff\ff\00\00\00\00\00\ff\ff\ff\ff\ff\ff\ff\ff\00\00\00\00\ff\ff\ff\ff\ff\ff\ff\ff\ff\00\00\00\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\00\00\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\00\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff")

  ;; The word hash past a word's first 12 bytes (h after them; unchanged for words of up to 12
  ;; bytes): one step per further 4 bytes, the last masked, with masks from $MASKS.
  (func $hashTail (param $q i32) (param $len i32) (param $h i32) (result i32)
    (if (i32.le_u (local.get $len) (i32.const 12)) (then (return (local.get $h))))
    (local.set $q (i32.add (local.get $q) (i32.const 12)))
    (local.set $len (i32.sub (local.get $len) (i32.const 12)))
    (block $done
      (loop $tail
        (br_if $done (i32.le_s (local.get $len) (i32.const 0)))
        (local.set $h (i32.rotl (i32.mul (i32.xor (local.get $h)
          (i32.and (i32.load (local.get $q)) (i32.load (i32.mul (select (local.get $len) (i32.const 12) (i32.lt_u (local.get $len) (i32.const 12))) (i32.const 12)))))
          (i32.const 0xcc9e2d51)) (i32.const 15)))
        (local.set $q (i32.add (local.get $q) (i32.const 4)))
        (local.set $len (i32.sub (local.get $len) (i32.const 4)))
        (br $tail)))
    (local.get $h))

  ;; The length of the word starting at byte s, from the whitespace bitmask
  ;; (bit j of spaces[b]: byte 32b + j is whitespace, and the mask ends with a
  ;; step of whitespace): for words the 64-bit window in $words does not
  ;; cover.
  (func $longLength (param $spaces i32) (param $s i32) (result i32)
    (local $b i32) (local $m i32)
    (local.set $b (i32.shr_u (local.get $s) (i32.const 5)))
    (local.set $m (i32.and
      (i32.load (i32.add (local.get $spaces) (i32.shl (local.get $b) (i32.const 2))))
      (i32.shl (i32.const -1) (i32.and (local.get $s) (i32.const 31)))))
    (block $found
      (loop $next
        (br_if $found (local.get $m))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (local.set $m (i32.load (i32.add (local.get $spaces) (i32.shl (local.get $b) (i32.const 2)))))
        (br $next)))
    (i32.sub (i32.add (i32.shl (local.get $b) (i32.const 5)) (i32.ctz (local.get $m))) (local.get $s)))

  ;; words(in, n, starts, ends, hashes, seed, spaces) -> number of words.
  ;; starts[k] / ends[k]: offsets (from `in`) of word k's first byte and of
  ;; the byte just past it. Writes 32 spaces after the text first (room for
  ;; them is the caller's), up to 8 values past the last word's in starts, 3
  ;; in ends and hashes, and the whitespace bitmask, 4 bytes per 32 bytes of
  ;; text and 4 more, at `spaces` (scratch: $shingles overwrites it).
  ;; hashes[k]: the word's hash (below). Equal words, equal hashes.
  (func $words (param $in i32) (param $n i32) (param $starts i32) (param $ends i32) (param $hashes i32) (param $seed i32) (param $spaces i32) (result i32)
    (local $p i32) (local $last i32) (local $v v128) (local $w v128) (local $m i32) (local $prev i32) (local $before i32)
    (local $st i32) (local $count i32) (local $k i32) (local $base i32) (local $at i32) (local $c i32)
    (local $q0 i32) (local $q1 i32) (local $q2 i32) (local $q3 i32)
    (local $x i32) (local $len i32)
    (local $live v128) (local $sv v128) (local $lv v128) (local $mv v128) (local $hv v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $prev (i32.const 1))
    (local.set $p (local.get $in))
    (local.set $last (i32.add (local.get $in) (local.get $n)))
    (v128.store (local.get $last) (i8x16.splat (i32.const 32)))
    (v128.store offset=16 (local.get $last) (i8x16.splat (i32.const 32)))
    ;; 32 bytes per step, up to and including the step holding byte n (a space), so the last word's end is seen.
    (block $scanned
      (loop $chunk
        (br_if $scanned (i32.gt_u (local.get $p) (local.get $last)))
        (local.set $v (v128.load (local.get $p)))
        (local.set $w (v128.load offset=16 (local.get $p)))
        (v128.store (local.get $p)
          (v128.or (local.get $v)
            (v128.and
              (i8x16.lt_u (i8x16.sub (local.get $v) (i8x16.splat (i32.const 65))) (i8x16.splat (i32.const 26)))
              (i8x16.splat (i32.const 32)))))
        (v128.store offset=16 (local.get $p)
          (v128.or (local.get $w)
            (v128.and
              (i8x16.lt_u (i8x16.sub (local.get $w) (i8x16.splat (i32.const 65))) (i8x16.splat (i32.const 26)))
              (i8x16.splat (i32.const 32)))))
        ;; Whitespace: space or 9..13 (tab, LF, VT, FF, CR).
        (local.set $m (i32.or
          (i8x16.bitmask
            (v128.or
              (i8x16.eq (local.get $v) (i8x16.splat (i32.const 32)))
              (i8x16.lt_u (i8x16.sub (local.get $v) (i8x16.splat (i32.const 9))) (i8x16.splat (i32.const 5)))))
          (i32.shl
            (i8x16.bitmask
              (v128.or
                (i8x16.eq (local.get $w) (i8x16.splat (i32.const 32)))
                (i8x16.lt_u (i8x16.sub (local.get $w) (i8x16.splat (i32.const 9))) (i8x16.splat (i32.const 5)))))
            (i32.const 16))))
        ;; bit j of $before: byte j - 1 is whitespace (byte -1 of the first step counts as whitespace).
        (local.set $before (i32.or (i32.shl (local.get $m) (i32.const 1)) (local.get $prev)))
        (local.set $prev (i32.shr_u (local.get $m) (i32.const 31)))
        ;; Word starts: a non-space byte after a space.
        (local.set $st (i32.and (i32.xor (local.get $m) (i32.const -1)) (local.get $before)))
        (local.set $base (i32.sub (local.get $p) (local.get $in)))
        ;; Eight positions written unconditionally (past the last, harmless), the rest, rarely, one by one.
        (local.set $at (i32.add (local.get $starts) (i32.shl (local.get $count) (i32.const 2))))
        (local.set $c (i32.popcnt (local.get $st)))
        (i32.store offset=0 (local.get $at) (i32.add (local.get $base) (i32.ctz (local.get $st))))
        (local.set $st (i32.and (local.get $st) (i32.sub (local.get $st) (i32.const 1))))
        (i32.store offset=4 (local.get $at) (i32.add (local.get $base) (i32.ctz (local.get $st))))
        (local.set $st (i32.and (local.get $st) (i32.sub (local.get $st) (i32.const 1))))
        (i32.store offset=8 (local.get $at) (i32.add (local.get $base) (i32.ctz (local.get $st))))
        (local.set $st (i32.and (local.get $st) (i32.sub (local.get $st) (i32.const 1))))
        (i32.store offset=12 (local.get $at) (i32.add (local.get $base) (i32.ctz (local.get $st))))
        (local.set $st (i32.and (local.get $st) (i32.sub (local.get $st) (i32.const 1))))
        (i32.store offset=16 (local.get $at) (i32.add (local.get $base) (i32.ctz (local.get $st))))
        (local.set $st (i32.and (local.get $st) (i32.sub (local.get $st) (i32.const 1))))
        (i32.store offset=20 (local.get $at) (i32.add (local.get $base) (i32.ctz (local.get $st))))
        (local.set $st (i32.and (local.get $st) (i32.sub (local.get $st) (i32.const 1))))
        (i32.store offset=24 (local.get $at) (i32.add (local.get $base) (i32.ctz (local.get $st))))
        (local.set $st (i32.and (local.get $st) (i32.sub (local.get $st) (i32.const 1))))
        (i32.store offset=28 (local.get $at) (i32.add (local.get $base) (i32.ctz (local.get $st))))
        (local.set $st (i32.and (local.get $st) (i32.sub (local.get $st) (i32.const 1))))
        (local.set $at (i32.add (local.get $at) (i32.const 32)))
        (block $more_starts_done
          (loop $more_starts
            (br_if $more_starts_done (i32.eqz (local.get $st)))
            (i32.store (local.get $at) (i32.add (local.get $base) (i32.ctz (local.get $st))))
            (local.set $at (i32.add (local.get $at) (i32.const 4)))
            (local.set $st (i32.and (local.get $st) (i32.sub (local.get $st) (i32.const 1))))
            (br $more_starts)))
        (local.set $count (i32.add (local.get $count) (local.get $c)))
        (i32.store (i32.add (local.get $spaces) (i32.shr_u (local.get $base) (i32.const 3))) (local.get $m))
        (local.set $p (i32.add (local.get $p) (i32.const 32)))
        (br $chunk)))
    ;; One more step of whitespace, so a word's 64-bit window of bits is defined to its end.
    (i32.store (i32.add (local.get $spaces) (i32.shr_u (i32.sub (local.get $p) (local.get $in)) (i32.const 3))) (i32.const -1))
    ;; The word hash: h = seed + length, then step(h, c) = rotl(imul(h ^ c, 0xcc9e2d51), 15) with three
    ;; little-endian 4-byte chunks (bytes 0-3, 4-7, 8-11, each masked to the word's bytes, so 0 past
    ;; its end), then for words over 12 bytes one step per further 4 bytes (the last one masked:
    ;; $hashTail). Four words per step, one per lane: no branch on lengths up to 12 bytes.
    (block $hashed
      (loop $quad
        (br_if $hashed (i32.ge_u (local.get $k) (local.get $count)))
        ;; Lanes past the last word hash an empty word at offset 0 (their values are unused).
        (local.set $live (i32x4.lt_s (i32x4.add (i32x4.splat (local.get $k)) (v128.const i32x4 0 1 2 3)) (i32x4.splat (local.get $count))))
        (local.set $sv (v128.and (local.get $live) (v128.load (i32.add (local.get $starts) (i32.shl (local.get $k) (i32.const 2))))))
        ;; Lengths: count the non-whitespace bits from each start, in a 64-bit window of the
        ;; whitespace bitmask (words over 32 bytes, rarely, by $longLength); ends = starts + lengths.
        (local.set $x (i32x4.extract_lane 0 (local.get $sv)))
        (local.set $len (i32.wrap_i64 (i64.ctz (i64.shr_u
          (i64.load (i32.add (local.get $spaces) (i32.shl (i32.shr_u (local.get $x) (i32.const 5)) (i32.const 2))))
          (i64.extend_i32_u (i32.and (local.get $x) (i32.const 31)))))))
        (if (i32.ge_u (local.get $len) (i32.sub (i32.const 64) (i32.and (local.get $x) (i32.const 31))))
          (then (local.set $len (call $longLength (local.get $spaces) (local.get $x)))))
        (local.set $lv (i32x4.replace_lane 0 (local.get $lv) (local.get $len)))
        (local.set $x (i32x4.extract_lane 1 (local.get $sv)))
        (local.set $len (i32.wrap_i64 (i64.ctz (i64.shr_u
          (i64.load (i32.add (local.get $spaces) (i32.shl (i32.shr_u (local.get $x) (i32.const 5)) (i32.const 2))))
          (i64.extend_i32_u (i32.and (local.get $x) (i32.const 31)))))))
        (if (i32.ge_u (local.get $len) (i32.sub (i32.const 64) (i32.and (local.get $x) (i32.const 31))))
          (then (local.set $len (call $longLength (local.get $spaces) (local.get $x)))))
        (local.set $lv (i32x4.replace_lane 1 (local.get $lv) (local.get $len)))
        (local.set $x (i32x4.extract_lane 2 (local.get $sv)))
        (local.set $len (i32.wrap_i64 (i64.ctz (i64.shr_u
          (i64.load (i32.add (local.get $spaces) (i32.shl (i32.shr_u (local.get $x) (i32.const 5)) (i32.const 2))))
          (i64.extend_i32_u (i32.and (local.get $x) (i32.const 31)))))))
        (if (i32.ge_u (local.get $len) (i32.sub (i32.const 64) (i32.and (local.get $x) (i32.const 31))))
          (then (local.set $len (call $longLength (local.get $spaces) (local.get $x)))))
        (local.set $lv (i32x4.replace_lane 2 (local.get $lv) (local.get $len)))
        (local.set $x (i32x4.extract_lane 3 (local.get $sv)))
        (local.set $len (i32.wrap_i64 (i64.ctz (i64.shr_u
          (i64.load (i32.add (local.get $spaces) (i32.shl (i32.shr_u (local.get $x) (i32.const 5)) (i32.const 2))))
          (i64.extend_i32_u (i32.and (local.get $x) (i32.const 31)))))))
        (if (i32.ge_u (local.get $len) (i32.sub (i32.const 64) (i32.and (local.get $x) (i32.const 31))))
          (then (local.set $len (call $longLength (local.get $spaces) (local.get $x)))))
        (local.set $lv (i32x4.replace_lane 3 (local.get $lv) (local.get $len)))
        (v128.store (i32.add (local.get $ends) (i32.shl (local.get $k) (i32.const 2))) (i32x4.add (local.get $sv) (local.get $lv)))
        (local.set $q0 (i32.add (local.get $in) (i32x4.extract_lane 0 (local.get $sv))))
        (local.set $q1 (i32.add (local.get $in) (i32x4.extract_lane 1 (local.get $sv))))
        (local.set $q2 (i32.add (local.get $in) (i32x4.extract_lane 2 (local.get $sv))))
        (local.set $q3 (i32.add (local.get $in) (i32x4.extract_lane 3 (local.get $sv))))
        ;; Each lane's length (at most 16) in each of its bytes: byte j of chunk c is the word's if 4c + j < length.
        (local.set $mv (i32x4.mul (i32x4.min_u (local.get $lv) (i32x4.splat (i32.const 16))) (i32x4.splat (i32.const 0x01010101))))
        (local.set $hv (i32x4.add (i32x4.splat (local.get $seed)) (local.get $lv)))
        ;; Each word's first 16 bytes, transposed to chunk c of the four words in vector c.
        (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (v128.load (local.get $q0)) (v128.load (local.get $q1))))
        (local.set $t1 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (v128.load (local.get $q2)) (v128.load (local.get $q3))))
        (local.set $t2 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (v128.load (local.get $q0)) (v128.load (local.get $q1))))
        (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (v128.load (local.get $q2)) (v128.load (local.get $q3))))
        (local.set $hv
          (i32x4.mul
            (v128.xor (local.get $hv)
              (v128.and
                (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1))
                (i8x16.gt_u (local.get $mv) (v128.const i8x16 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3))))
            (i32x4.splat (i32.const 0xcc9e2d51))))
        (local.set $hv (v128.or (i32x4.shl (local.get $hv) (i32.const 15)) (i32x4.shr_u (local.get $hv) (i32.const 17))))
        (local.set $hv
          (i32x4.mul
            (v128.xor (local.get $hv)
              (v128.and
                (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1))
                (i8x16.gt_u (local.get $mv) (v128.const i8x16 4 5 6 7 4 5 6 7 4 5 6 7 4 5 6 7))))
            (i32x4.splat (i32.const 0xcc9e2d51))))
        (local.set $hv (v128.or (i32x4.shl (local.get $hv) (i32.const 15)) (i32x4.shr_u (local.get $hv) (i32.const 17))))
        (local.set $hv
          (i32x4.mul
            (v128.xor (local.get $hv)
              (v128.and
                (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t2) (local.get $t3))
                (i8x16.gt_u (local.get $mv) (v128.const i8x16 8 9 10 11 8 9 10 11 8 9 10 11 8 9 10 11))))
            (i32x4.splat (i32.const 0xcc9e2d51))))
        (local.set $hv (v128.or (i32x4.shl (local.get $hv) (i32.const 15)) (i32x4.shr_u (local.get $hv) (i32.const 17))))
        (if (v128.any_true (i32x4.gt_u (local.get $lv) (i32x4.splat (i32.const 12))))
          (then
            (local.set $hv (i32x4.replace_lane 0 (local.get $hv)
              (call $hashTail (local.get $q0) (i32x4.extract_lane 0 (local.get $lv)) (i32x4.extract_lane 0 (local.get $hv)))))
            (local.set $hv (i32x4.replace_lane 1 (local.get $hv)
              (call $hashTail (local.get $q1) (i32x4.extract_lane 1 (local.get $lv)) (i32x4.extract_lane 1 (local.get $hv)))))
            (local.set $hv (i32x4.replace_lane 2 (local.get $hv)
              (call $hashTail (local.get $q2) (i32x4.extract_lane 2 (local.get $lv)) (i32x4.extract_lane 2 (local.get $hv)))))
            (local.set $hv (i32x4.replace_lane 3 (local.get $hv)
              (call $hashTail (local.get $q3) (i32x4.extract_lane 3 (local.get $lv)) (i32x4.extract_lane 3 (local.get $hv)))))))
        (v128.store (i32.add (local.get $hashes) (i32.shl (local.get $k) (i32.const 2))) (local.get $hv))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $quad)))
    (local.get $count))

  ;; shingles(hashes, count, width, out) -> number of shingles, count - width + 1.
  ;; out[i] = mix32(s) where s = width, then s = imul(rotl(s, 5) ^ hashes[i + j], 0x9e3779b1)
  ;; for j < width; mix32 is murmur3's finaliser. Eight shingles per step, as
  ;; two independent vectors (a chain of multiplies each: two keep the
  ;; multiplier busy): up to 7 values past the end of `out` are written and 7
  ;; past `hashes` read.
  (func $shingles (param $hashes i32) (param $count i32) (param $width i32) (param $out i32) (result i32)
    (local $m i32) (local $i i32) (local $j i32) (local $p i32) (local $s v128) (local $t v128)
    (local.set $m (i32.add (i32.sub (local.get $count) (local.get $width)) (i32.const 1)))
    (block $done
      (loop $step
        (br_if $done (i32.ge_s (local.get $i) (local.get $m)))
        (local.set $s (i32x4.splat (local.get $width)))
        (local.set $t (local.get $s))
        (local.set $p (i32.add (local.get $hashes) (i32.shl (local.get $i) (i32.const 2))))
        (local.set $j (i32.const 0))
        (block $words_done
          (loop $words
            (br_if $words_done (i32.ge_u (local.get $j) (local.get $width)))
            (local.set $s
              (i32x4.mul
                (v128.xor
                  (v128.or (i32x4.shl (local.get $s) (i32.const 5)) (i32x4.shr_u (local.get $s) (i32.const 27)))
                  (v128.load (local.get $p)))
                (i32x4.splat (i32.const 0x9e3779b1))))
            (local.set $t
              (i32x4.mul
                (v128.xor
                  (v128.or (i32x4.shl (local.get $t) (i32.const 5)) (i32x4.shr_u (local.get $t) (i32.const 27)))
                  (v128.load offset=16 (local.get $p)))
                (i32x4.splat (i32.const 0x9e3779b1))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $words)))
        (local.set $p (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2))))
        ;; mix32 of each lane.
        (local.set $s (v128.xor (local.get $s) (i32x4.shr_u (local.get $s) (i32.const 16))))
        (local.set $s (i32x4.mul (local.get $s) (i32x4.splat (i32.const 0x85ebca6b))))
        (local.set $s (v128.xor (local.get $s) (i32x4.shr_u (local.get $s) (i32.const 13))))
        (local.set $s (i32x4.mul (local.get $s) (i32x4.splat (i32.const 0xc2b2ae35))))
        (local.set $s (v128.xor (local.get $s) (i32x4.shr_u (local.get $s) (i32.const 16))))
        (local.set $t (v128.xor (local.get $t) (i32x4.shr_u (local.get $t) (i32.const 16))))
        (local.set $t (i32x4.mul (local.get $t) (i32x4.splat (i32.const 0x85ebca6b))))
        (local.set $t (v128.xor (local.get $t) (i32x4.shr_u (local.get $t) (i32.const 13))))
        (local.set $t (i32x4.mul (local.get $t) (i32x4.splat (i32.const 0xc2b2ae35))))
        (local.set $t (v128.xor (local.get $t) (i32x4.shr_u (local.get $t) (i32.const 16))))
        (v128.store (local.get $p) (local.get $s))
        (v128.store offset=16 (local.get $p) (local.get $t))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $step)))
    (local.get $m))

  (func $mix32 (param $h i32) (result i32)
    (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))
    (local.set $h (i32.mul (local.get $h) (i32.const 0x85ebca6b)))
    (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 13))))
    (local.set $h (i32.mul (local.get $h) (i32.const 0xc2b2ae35)))
    (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))

  ;; sketch(shingles, m, shift, work, sig, used, seed): one permutation into
  ;; 2^(32 - shift) bins (shift ≤ 31). A shingle hash h goes to bin h >>> shift
  ;; with value h >>> 1 (so a value also says its bin); each bin keeps its
  ;; smallest value (work[b], -1 = empty). The first `used` bins are the
  ;; sketch: an empty one, b, takes the value of the first non-empty bin in
  ;; its own probe sequence mix32(seed ^ (b * 65536 + a)) >>> shift, a = 1, 2,
  ;; ... (Shrivastava 2017, optimal densification), so for two texts every
  ;; bin agrees with probability equal to their Jaccard similarity. After
  ;; 4096 probes (never in practice) it takes the next non-empty bin after b.
  (func $sketch (param $sh i32) (param $m i32) (param $shift i32) (param $work i32) (param $sig i32) (param $used i32) (param $seed i32)
    (local $i i32) (local $h i32) (local $v i32) (local $at i32) (local $cur i32) (local $a i32) (local $j i32) (local $bins i32)
    (local.set $bins (i32.shl (i32.const 1) (i32.sub (i32.const 32) (local.get $shift))))
    (local.set $at (local.get $work))
    (local.set $j (i32.add (local.get $work) (i32.shl (local.get $bins) (i32.const 2))))
    (block $cleared
      (loop $clear
        (br_if $cleared (i32.ge_u (local.get $at) (local.get $j)))
        (i32.store (local.get $at) (i32.const -1))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (br $clear)))
    (block $filled
      (loop $fill
        (br_if $filled (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $h (i32.load (i32.add (local.get $sh) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $at (i32.add (local.get $work) (i32.shl (i32.shr_u (local.get $h) (local.get $shift)) (i32.const 2))))
        (local.set $v (i32.shr_u (local.get $h) (i32.const 1)))
        (local.set $cur (i32.load (local.get $at)))
        (i32.store (local.get $at) (select (local.get $v) (local.get $cur) (i32.lt_u (local.get $v) (local.get $cur))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $fill)))
    (local.set $i (i32.const 0))
    (block $signed
      (loop $bin
        (br_if $signed (i32.ge_u (local.get $i) (local.get $used)))
        (local.set $v (i32.load (i32.add (local.get $work) (i32.shl (local.get $i) (i32.const 2)))))
        (if (i32.eq (local.get $v) (i32.const -1))
          (then
            (local.set $a (i32.const 0))
            (block $found
              (loop $probe
                (local.set $a (i32.add (local.get $a) (i32.const 1)))
                (br_if $found (i32.gt_u (local.get $a) (i32.const 4096)))
                (local.set $j
                  (i32.shr_u
                    (call $mix32 (i32.xor (local.get $seed) (i32.add (i32.shl (local.get $i) (i32.const 16)) (local.get $a))))
                    (local.get $shift)))
                (local.set $v (i32.load (i32.add (local.get $work) (i32.shl (local.get $j) (i32.const 2)))))
                (br_if $probe (i32.eq (local.get $v) (i32.const -1)))))
            (if (i32.eq (local.get $v) (i32.const -1))
              (then
                (local.set $j (local.get $i))
                (block $next_found
                  (loop $next
                    (local.set $j (i32.add (local.get $j) (i32.const 1)))
                    (if (i32.ge_u (local.get $j) (local.get $bins)) (then (local.set $j (i32.const 0))))
                    (local.set $v (i32.load (i32.add (local.get $work) (i32.shl (local.get $j) (i32.const 2)))))
                    (br_if $next (i32.eq (local.get $v) (i32.const -1)))))))))
        (i32.store (i32.add (local.get $sig) (i32.shl (local.get $i) (i32.const 2))) (local.get $v))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $bin))))

  ;; bandKeys(sig, bands, rows, keys): keys[b] = mix32(h) where h = b, then
  ;; h = imul(h ^ sig[r], 0x9e3779b1) ^ (h >>> 15) over the band's rows.
  (func $bandKeys (param $sig i32) (param $bands i32) (param $rows i32) (param $keys i32)
    (local $b i32) (local $h i32) (local $r i32) (local $end i32)
    (block $done
      (loop $band
        (br_if $done (i32.ge_u (local.get $b) (local.get $bands)))
        (local.set $h (local.get $b))
        (local.set $r (i32.mul (local.get $b) (local.get $rows)))
        (local.set $end (i32.add (local.get $r) (local.get $rows)))
        (block $rows_done
          (loop $row
            (br_if $rows_done (i32.ge_u (local.get $r) (local.get $end)))
            (local.set $h
              (i32.xor
                (i32.mul (i32.xor (local.get $h) (i32.load (i32.add (local.get $sig) (i32.shl (local.get $r) (i32.const 2))))) (i32.const 0x9e3779b1))
                (i32.shr_u (local.get $h) (i32.const 15))))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $row)))
        ;; mix32, inline: twelve calls per text.
        (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))
        (local.set $h (i32.mul (local.get $h) (i32.const 0x85ebca6b)))
        (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 13))))
        (local.set $h (i32.mul (local.get $h) (i32.const 0xc2b2ae35)))
        (i32.store (i32.add (local.get $keys) (i32.shl (local.get $b) (i32.const 2))) (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $band))))

  ;; Whether word a of text X (bytes at inX, word offsets stX / enX) and word
  ;; b of text Y are the same bytes: lengths, then three masked 4-byte chunks
  ;; (no branch on lengths up to 12 bytes), then 4 bytes at a time.
  (func $sameWord (param $inX i32) (param $stX i32) (param $enX i32) (param $a i32)
                  (param $inY i32) (param $stY i32) (param $enY i32) (param $b i32) (result i32)
    (local $px i32) (local $py i32) (local $len i32) (local $r i32)
    (local.set $a (i32.shl (local.get $a) (i32.const 2)))
    (local.set $b (i32.shl (local.get $b) (i32.const 2)))
    (local.set $px (i32.load (i32.add (local.get $stX) (local.get $a))))
    (local.set $py (i32.load (i32.add (local.get $stY) (local.get $b))))
    (local.set $len (i32.sub (i32.load (i32.add (local.get $enX) (local.get $a))) (local.get $px)))
    (if (i32.ne (local.get $len) (i32.sub (i32.load (i32.add (local.get $enY) (local.get $b))) (local.get $py)))
      (then (return (i32.const 0))))
    (local.set $px (i32.add (local.get $inX) (local.get $px)))
    (local.set $py (i32.add (local.get $inY) (local.get $py)))
    (local.set $r (i32.mul (select (local.get $len) (i32.const 12) (i32.lt_u (local.get $len) (i32.const 12))) (i32.const 12)))
    (if (i32.or (i32.or
          (i32.and (i32.xor (i32.load (local.get $px)) (i32.load (local.get $py))) (i32.load (local.get $r)))
          (i32.and (i32.xor (i32.load offset=4 (local.get $px)) (i32.load offset=4 (local.get $py))) (i32.load offset=4 (local.get $r))))
          (i32.and (i32.xor (i32.load offset=8 (local.get $px)) (i32.load offset=8 (local.get $py))) (i32.load offset=8 (local.get $r))))
      (then (return (i32.const 0))))
    (local.set $px (i32.add (local.get $px) (i32.const 12)))
    (local.set $py (i32.add (local.get $py) (i32.const 12)))
    (local.set $len (i32.sub (local.get $len) (i32.const 12)))
    (block $done
      (loop $more
        (br_if $done (i32.le_s (local.get $len) (i32.const 0)))
        (if (i32.and (i32.xor (i32.load (local.get $px)) (i32.load (local.get $py))) (i32.load (i32.mul (select (local.get $len) (i32.const 12) (i32.lt_u (local.get $len) (i32.const 12))) (i32.const 12))))
          (then (return (i32.const 0))))
        (local.set $px (i32.add (local.get $px) (i32.const 4)))
        (local.set $py (i32.add (local.get $py) (i32.const 4)))
        (local.set $len (i32.sub (local.get $len) (i32.const 4)))
        (br $more)))
    (i32.const 1))

  ;; Whether shingle i of text X and shingle j of text Y are the same `width` words.
  (func $same (param $inX i32) (param $stX i32) (param $enX i32) (param $i i32)
              (param $inY i32) (param $stY i32) (param $enY i32) (param $j i32) (param $width i32) (result i32)
    (local $t i32)
    (block $differ
      (loop $word
        (if (i32.ge_u (local.get $t) (local.get $width)) (then (return (i32.const 1))))
        (br_if $differ (i32.eqz (call $sameWord
          (local.get $inX) (local.get $stX) (local.get $enX) (i32.add (local.get $i) (local.get $t))
          (local.get $inY) (local.get $stY) (local.get $enY) (i32.add (local.get $j) (local.get $t)))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $word)))
    (i32.const 0))

  ;; table(in, starts, ends, shingles, m, width, table, mask, slotOf) -> distinct shingles.
  ;; An open-addressing table of text A's distinct shingles for `compare`:
  ;; table (mask + 1 entries, a power of two ≥ 4) holds, for each distinct
  ;; shingle, position + 1 of its first occurrence, at the first free slot
  ;; from h & mask; slotOf[i] is the slot of shingle i's words.
  (func (export "table") (param $in i32) (param $st i32) (param $en i32) (param $sh i32) (param $m i32) (param $width i32)
                         (param $table i32) (param $mask i32) (param $slotOf i32) (result i32)
    (local $i i32) (local $h i32) (local $slot i32) (local $e i32) (local $d i32) (local $at i32)
    (local.set $at (local.get $table))
    (local.set $e (i32.add (local.get $table) (i32.shl (i32.add (local.get $mask) (i32.const 1)) (i32.const 2))))
    (block $cleared
      (loop $clear
        (br_if $cleared (i32.ge_u (local.get $at) (local.get $e)))
        (v128.store (local.get $at) (v128.const i32x4 0 0 0 0))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $clear)))
    (block $done
      (loop $shingle
        (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $h (i32.load (i32.add (local.get $sh) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $slot (i32.and (local.get $h) (local.get $mask)))
        (block $placed
          (loop $probe
            (local.set $at (i32.add (local.get $table) (i32.shl (local.get $slot) (i32.const 2))))
            (local.set $e (i32.load (local.get $at)))
            (if (i32.eqz (local.get $e))
              (then
                (i32.store (local.get $at) (i32.add (local.get $i) (i32.const 1)))
                (local.set $d (i32.add (local.get $d) (i32.const 1)))
                (br $placed)))
            (local.set $e (i32.sub (local.get $e) (i32.const 1)))
            (br_if $placed
              (if (result i32) (i32.eq (local.get $h) (i32.load (i32.add (local.get $sh) (i32.shl (local.get $e) (i32.const 2)))))
                (then (call $same (local.get $in) (local.get $st) (local.get $en) (local.get $i)
                                  (local.get $in) (local.get $st) (local.get $en) (local.get $e) (local.get $width)))
                (else (i32.const 0))))
            (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (local.get $mask)))
            (br $probe)))
        (i32.store (i32.add (local.get $slotOf) (i32.shl (local.get $i) (i32.const 2))) (local.get $slot))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $shingle)))
    (local.get $d))

  ;; compare(A..., marks, stamp, B..., width, touched, out) -> shingles of B also in A.
  ;; A is tabled by `table` (with room for B's shingles too: mask + 1 >
  ;; distinct(A) + mB). Returns how many distinct shingles of B are in A and
  ;; writes out[0] = distinct shingles of B. An A entry counts once per call
  ;; (marks[slot] = stamp, a number new to every call); a shingle of B not in
  ;; A is entered as -(position + 1), so its repeats are found, and removed
  ;; at the end (slots listed in `touched`), leaving A's table as it was.
  ;; Equal hashes are confirmed word by word; along a run of shared shingles
  ;; (B's i - 1 equals A's j - 1, and B's i has the hash of A's j) only the
  ;; newest word needs comparing, the others were compared one shingle earlier.
  (func (export "compare") (param $inA i32) (param $stA i32) (param $enA i32) (param $shA i32) (param $mA i32)
                           (param $table i32) (param $mask i32) (param $slotOf i32) (param $marks i32) (param $stamp i32)
                           (param $inB i32) (param $stB i32) (param $enB i32) (param $shB i32) (param $mB i32)
                           (param $width i32) (param $touched i32) (param $out i32) (result i32)
    (local $i i32) (local $j i32) (local $h i32) (local $slot i32) (local $e i32) (local $c i32) (local $novel i32) (local $t i32) (local $at i32)
    (local.set $j (i32.const -2))
    (block $done
      (loop $shingle
        (br_if $done (i32.ge_u (local.get $i) (local.get $mB)))
        (local.set $h (i32.load (i32.add (local.get $shB) (i32.shl (local.get $i) (i32.const 2)))))
        (block $next
          (block $inA
            ;; Along a run: A's j + 1.
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (if (i32.and
                  (i32.and (i32.ge_s (local.get $j) (i32.const 0)) (i32.lt_s (local.get $j) (local.get $mA)))
                  (i32.eq (local.get $h) (i32.load (i32.add (local.get $shA) (i32.shl (i32.and (local.get $j) (i32.const 0x3fffffff)) (i32.const 2))))))
              (then
                (if (call $sameWord
                      (local.get $inA) (local.get $stA) (local.get $enA) (i32.sub (i32.add (local.get $j) (local.get $width)) (i32.const 1))
                      (local.get $inB) (local.get $stB) (local.get $enB) (i32.sub (i32.add (local.get $i) (local.get $width)) (i32.const 1)))
                  (then
                    (local.set $slot (i32.load (i32.add (local.get $slotOf) (i32.shl (local.get $j) (i32.const 2)))))
                    (br $inA)))))
            ;; Otherwise the table.
            (local.set $j (i32.const -2))
            (local.set $slot (i32.and (local.get $h) (local.get $mask)))
            (loop $probe
              (local.set $at (i32.add (local.get $table) (i32.shl (local.get $slot) (i32.const 2))))
              (local.set $e (i32.load (local.get $at)))
              (if (i32.eqz (local.get $e))
                (then
                  ;; New to A and to B so far.
                  (i32.store (local.get $at) (i32.sub (i32.const -1) (local.get $i)))
                  (i32.store (i32.add (local.get $touched) (i32.shl (local.get $t) (i32.const 2))) (local.get $slot))
                  (local.set $t (i32.add (local.get $t) (i32.const 1)))
                  (local.set $novel (i32.add (local.get $novel) (i32.const 1)))
                  (br $next)))
              (if (i32.gt_s (local.get $e) (i32.const 0))
                (then
                  (local.set $e (i32.sub (local.get $e) (i32.const 1)))
                  (if (i32.eq (local.get $h) (i32.load (i32.add (local.get $shA) (i32.shl (local.get $e) (i32.const 2)))))
                    (then
                      (if (call $same (local.get $inA) (local.get $stA) (local.get $enA) (local.get $e)
                                      (local.get $inB) (local.get $stB) (local.get $enB) (local.get $i) (local.get $width))
                        (then
                          (local.set $j (local.get $e))
                          (br $inA))))))
                (else
                  ;; An earlier shingle of B that is not in A: a repeat counts nothing.
                  (local.set $e (i32.sub (i32.const -1) (local.get $e)))
                  (if (i32.eq (local.get $h) (i32.load (i32.add (local.get $shB) (i32.shl (local.get $e) (i32.const 2)))))
                    (then
                      (br_if $next (call $same (local.get $inB) (local.get $stB) (local.get $enB) (local.get $e)
                                               (local.get $inB) (local.get $stB) (local.get $enB) (local.get $i) (local.get $width)))))))
              (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (local.get $mask)))
              (br $probe)))
          ;; In A, at $slot: count it the first time this call.
          (local.set $at (i32.add (local.get $marks) (i32.shl (local.get $slot) (i32.const 2))))
          (if (i32.ne (i32.load (local.get $at)) (local.get $stamp))
            (then
              (i32.store (local.get $at) (local.get $stamp))
              (local.set $c (i32.add (local.get $c) (i32.const 1))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $shingle)))
    (block $cleared
      (loop $clear
        (br_if $cleared (i32.eqz (local.get $t)))
        (local.set $t (i32.sub (local.get $t) (i32.const 1)))
        (i32.store
          (i32.add (local.get $table) (i32.shl (i32.load (i32.add (local.get $touched) (i32.shl (local.get $t) (i32.const 2)))) (i32.const 2)))
          (i32.const 0))
        (br $clear)))
    (i32.store (local.get $out) (i32.add (local.get $c) (local.get $novel)))
    (local.get $c))
)
