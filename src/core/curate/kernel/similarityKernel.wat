;; Similarity kernels of the exact dedup (see similarityKernel.ts and docs/performance.md).
;;
;; Vectors are stored quantized: `dp` int8 codes per vector (dp a multiple of 16,
;; zero-padded) and 32 bytes of f32 metadata per vector: [1/scale, h, L, L + dim*h,
;; R1, R2, R3, 0] where h bounds the per-component quantization error, L is the L1
;; norm of the dequantized vector and R_s the norm of its dequantized codes after
;; the s-th quarter (rounded up). For a query q and a member m the kernels compute the exact
;; integer dot product I of their codes and, in f32,
;;   approx = I * (iS_q * iS_m)
;;   bound  = h_q * L_m + h_m * (L_q + dim*h_q)
;; so that the true cosine of the two original vectors lies in approx ± bound
;; (plus float slack the caller adds). Queries are first sign-extended to i16
;; rows ("prepare"); the kernels then take four queries at a time against two
;; members: each member chunk is extended to i16 once and multiplied with the
;; four query rows by i32x4.dot_i16x8_s, which sums exactly in i32.
(module
  (import "env" "memory" (memory 1 65536 shared))

;; Sign-extends the codes of vectors list[0..n) to i16 rows (2*dp bytes each) at out.
  (func (export "prepare") (param $codes i32) (param $list i32) (param $n i32) (param $dp i32) (param $out i32)
    (local $j i32) (local $src i32) (local $end i32) (local $v v128)
    (block $done
      (loop $rows
        (br_if $done (i32.ge_s (local.get $j) (local.get $n)))
        (local.set $src (i32.add (local.get $codes)
          (i32.mul (i32.load (i32.add (local.get $list) (i32.shl (local.get $j) (i32.const 2)))) (local.get $dp))))
        (local.set $end (i32.add (local.get $src) (local.get $dp)))
        (loop $chunks
          (local.set $v (v128.load (local.get $src)))
          (v128.store (local.get $out) (i16x8.extend_low_i8x16_s (local.get $v)))
          (v128.store offset=16 (local.get $out) (i16x8.extend_high_i8x16_s (local.get $v)))
          (local.set $out (i32.add (local.get $out) (i32.const 32)))
          (local.set $src (i32.add (local.get $src) (i32.const 16)))
          (br_if $chunks (i32.lt_u (local.get $src) (local.get $end))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $rows))))

  ;; Address of the prepared row of query qList[min(g+j, nq-1)].
  (func $row (param $qRows i32) (param $qList i32) (param $nq i32) (param $g i32) (param $j i32) (param $dp i32) (result i32)
    (local $q i32)
    (local.set $q (i32.add (local.get $g) (local.get $j)))
    (if (i32.ge_s (local.get $q) (local.get $nq)) (then (local.set $q (i32.sub (local.get $nq) (i32.const 1)))))
    (i32.add (local.get $qRows) (i32.mul (i32.load (i32.add (local.get $qList) (i32.shl (local.get $q) (i32.const 2)))) (i32.shl (local.get $dp) (i32.const 1)))))

  ;; Lane j of the result = metadata lane `lane` of query qList[g+j] (clamped).
  (func $queryLane (param $qMeta i32) (param $qList i32) (param $nq i32) (param $g i32) (param $lane i32) (result v128)
    (local $j i32) (local $q i32) (local $out v128) (local $x f32)
    (local.set $out (v128.const i32x4 0 0 0 0))
    (local.set $j (i32.const 0))
    (loop $lanes
      (local.set $q (i32.add (local.get $g) (local.get $j)))
      (if (i32.ge_s (local.get $q) (local.get $nq)) (then (local.set $q (i32.sub (local.get $nq) (i32.const 1)))))
      (local.set $x (f32.load (i32.add
        (i32.add (local.get $qMeta) (i32.shl (i32.load (i32.add (local.get $qList) (i32.shl (local.get $q) (i32.const 2)))) (i32.const 5)))
        (i32.shl (local.get $lane) (i32.const 2)))))
      (if (i32.eq (local.get $j) (i32.const 0)) (then (local.set $out (f32x4.replace_lane 0 (local.get $out) (local.get $x)))))
      (if (i32.eq (local.get $j) (i32.const 1)) (then (local.set $out (f32x4.replace_lane 1 (local.get $out) (local.get $x)))))
      (if (i32.eq (local.get $j) (i32.const 2)) (then (local.set $out (f32x4.replace_lane 2 (local.get $out) (local.get $x)))))
      (if (i32.eq (local.get $j) (i32.const 3)) (then (local.set $out (f32x4.replace_lane 3 (local.get $out) (local.get $x)))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br_if $lanes (i32.lt_s (local.get $j) (i32.const 4))))
    (local.get $out))

  ;; Transposed sum: [Σ lanes of a0, Σ a1, Σ a2, Σ a3].
  (func $hsum4 (param $a0 v128) (param $a1 v128) (param $a2 v128) (param $a3 v128) (result v128)
    (local $t0 v128) (local $t1 v128)
    (local.set $t0 (i32x4.add
      (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a0) (local.get $a1))
      (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a0) (local.get $a1))))
    (local.set $t1 (i32x4.add
      (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a2) (local.get $a3))
      (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a2) (local.get $a3))))
    (i32x4.add
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1))
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1))))

  ;; The four integer dot products of queries (prepared rows q0..q3) with the member codes at mp.
  (func $dot4 (param $q0 i32) (param $q1 i32) (param $q2 i32) (param $q3 i32) (param $mp i32) (param $dp i32) (result v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $v v128) (local $lo v128) (local $hi v128) (local $end i32)
    (local.set $end (i32.add (local.get $mp) (local.get $dp)))
    (loop $chunks
      (local.set $v (v128.load (local.get $mp)))
      (local.set $lo (i16x8.extend_low_i8x16_s (local.get $v)))
      (local.set $hi (i16x8.extend_high_i8x16_s (local.get $v)))
      (local.set $a0 (i32x4.add (local.get $a0) (i32x4.add
        (i32x4.dot_i16x8_s (v128.load (local.get $q0)) (local.get $lo))
        (i32x4.dot_i16x8_s (v128.load offset=16 (local.get $q0)) (local.get $hi)))))
      (local.set $a1 (i32x4.add (local.get $a1) (i32x4.add
        (i32x4.dot_i16x8_s (v128.load (local.get $q1)) (local.get $lo))
        (i32x4.dot_i16x8_s (v128.load offset=16 (local.get $q1)) (local.get $hi)))))
      (local.set $a2 (i32x4.add (local.get $a2) (i32x4.add
        (i32x4.dot_i16x8_s (v128.load (local.get $q2)) (local.get $lo))
        (i32x4.dot_i16x8_s (v128.load offset=16 (local.get $q2)) (local.get $hi)))))
      (local.set $a3 (i32x4.add (local.get $a3) (i32x4.add
        (i32x4.dot_i16x8_s (v128.load (local.get $q3)) (local.get $lo))
        (i32x4.dot_i16x8_s (v128.load offset=16 (local.get $q3)) (local.get $hi)))))
      (local.set $q0 (i32.add (local.get $q0) (i32.const 32)))
      (local.set $q1 (i32.add (local.get $q1) (i32.const 32)))
      (local.set $q2 (i32.add (local.get $q2) (i32.const 32)))
      (local.set $q3 (i32.add (local.get $q3) (i32.const 32)))
      (local.set $mp (i32.add (local.get $mp) (i32.const 16)))
      (br_if $chunks (i32.lt_u (local.get $mp) (local.get $end))))
    (call $hsum4 (local.get $a0) (local.get $a1) (local.get $a2) (local.get $a3)))

  ;; The same for two members at once (at mp and mq): eight accumulators, each query
  ;; chunk loaded once for both members.
  (func $dot8 (param $q0 i32) (param $q1 i32) (param $q2 i32) (param $q3 i32) (param $mp i32) (param $mq i32) (param $dp i32) (result v128 v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local $v v128) (local $lo v128) (local $hi v128) (local $lo2 v128) (local $hi2 v128) (local $q v128)
    (local $end i32)
    (local.set $end (i32.add (local.get $mp) (local.get $dp)))
    (loop $chunks
      (local.set $v (v128.load (local.get $mp)))
      (local.set $lo (i16x8.extend_low_i8x16_s (local.get $v)))
      (local.set $hi (i16x8.extend_high_i8x16_s (local.get $v)))
      (local.set $v (v128.load (local.get $mq)))
      (local.set $lo2 (i16x8.extend_low_i8x16_s (local.get $v)))
      (local.set $hi2 (i16x8.extend_high_i8x16_s (local.get $v)))
      (local.set $q (v128.load offset=0 (local.get $q0)))
      (local.set $a0 (i32x4.add (local.get $a0) (i32x4.dot_i16x8_s (local.get $q) (local.get $lo))))
      (local.set $b0 (i32x4.add (local.get $b0) (i32x4.dot_i16x8_s (local.get $q) (local.get $lo2))))
      (local.set $q (v128.load offset=16 (local.get $q0)))
      (local.set $a0 (i32x4.add (local.get $a0) (i32x4.dot_i16x8_s (local.get $q) (local.get $hi))))
      (local.set $b0 (i32x4.add (local.get $b0) (i32x4.dot_i16x8_s (local.get $q) (local.get $hi2))))
      (local.set $q (v128.load offset=0 (local.get $q1)))
      (local.set $a1 (i32x4.add (local.get $a1) (i32x4.dot_i16x8_s (local.get $q) (local.get $lo))))
      (local.set $b1 (i32x4.add (local.get $b1) (i32x4.dot_i16x8_s (local.get $q) (local.get $lo2))))
      (local.set $q (v128.load offset=16 (local.get $q1)))
      (local.set $a1 (i32x4.add (local.get $a1) (i32x4.dot_i16x8_s (local.get $q) (local.get $hi))))
      (local.set $b1 (i32x4.add (local.get $b1) (i32x4.dot_i16x8_s (local.get $q) (local.get $hi2))))
      (local.set $q (v128.load offset=0 (local.get $q2)))
      (local.set $a2 (i32x4.add (local.get $a2) (i32x4.dot_i16x8_s (local.get $q) (local.get $lo))))
      (local.set $b2 (i32x4.add (local.get $b2) (i32x4.dot_i16x8_s (local.get $q) (local.get $lo2))))
      (local.set $q (v128.load offset=16 (local.get $q2)))
      (local.set $a2 (i32x4.add (local.get $a2) (i32x4.dot_i16x8_s (local.get $q) (local.get $hi))))
      (local.set $b2 (i32x4.add (local.get $b2) (i32x4.dot_i16x8_s (local.get $q) (local.get $hi2))))
      (local.set $q (v128.load offset=0 (local.get $q3)))
      (local.set $a3 (i32x4.add (local.get $a3) (i32x4.dot_i16x8_s (local.get $q) (local.get $lo))))
      (local.set $b3 (i32x4.add (local.get $b3) (i32x4.dot_i16x8_s (local.get $q) (local.get $lo2))))
      (local.set $q (v128.load offset=16 (local.get $q3)))
      (local.set $a3 (i32x4.add (local.get $a3) (i32x4.dot_i16x8_s (local.get $q) (local.get $hi))))
      (local.set $b3 (i32x4.add (local.get $b3) (i32x4.dot_i16x8_s (local.get $q) (local.get $hi2))))
      (local.set $q0 (i32.add (local.get $q0) (i32.const 32)))
      (local.set $q1 (i32.add (local.get $q1) (i32.const 32)))
      (local.set $q2 (i32.add (local.get $q2) (i32.const 32)))
      (local.set $q3 (i32.add (local.get $q3) (i32.const 32)))
      (local.set $mp (i32.add (local.get $mp) (i32.const 16)))
      (local.set $mq (i32.add (local.get $mq) (i32.const 16)))
      (br_if $chunks (i32.lt_u (local.get $mp) (local.get $end))))
    (call $hsum4 (local.get $a0) (local.get $a1) (local.get $a2) (local.get $a3))
    (call $hsum4 (local.get $b0) (local.get $b1) (local.get $b2) (local.get $b3)))

  ;; Four queries against two members like $dot8, with early exits: at the end of each
  ;; quarter of the codes (byte offsets b1 <= b2 <= b3 < dp) the partial integer dot I_A
  ;; bounds the cosine by I_A*scale + R_q*R_m + bound (Cauchy-Schwarz on the remaining
  ;; dimensions, whose dequantized norms R are metadata lanes 4..6); when none of the
  ;; valid pairs can reach the threshold, it returns 0 as the third result.
  (func $dot8checked (param $q0 i32) (param $q1 i32) (param $q2 i32) (param $q3 i32) (param $mp i32) (param $mq i32) (param $dp i32)
    (param $b1 i32) (param $b2 i32) (param $b3 i32) (param $scaleA v128) (param $scaleB v128) (param $boundA v128) (param $boundB v128)
    (param $Rq1 v128) (param $Rq2 v128) (param $Rq3 v128) (param $metaA i32) (param $metaB i32) (param $threshold v128) (param $valid i32)
    (result v128 v128 i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $b0 v128) (local $b1v v128) (local $b2v v128) (local $b3v v128)
    (local $v v128) (local $lo v128) (local $hi v128) (local $lo2 v128) (local $hi2 v128) (local $q v128)
    (local $k i32) (local $next i32) (local $seg i32) (local $Rq v128) (local $upA v128) (local $upB v128)
    (local.set $seg (i32.const 1))
    (local.set $next (local.get $b1))
    (local.set $Rq (local.get $Rq1))
    (loop $chunks
      (local.set $v (v128.load (i32.add (local.get $mp) (local.get $k))))
      (local.set $lo (i16x8.extend_low_i8x16_s (local.get $v)))
      (local.set $hi (i16x8.extend_high_i8x16_s (local.get $v)))
      (local.set $v (v128.load (i32.add (local.get $mq) (local.get $k))))
      (local.set $lo2 (i16x8.extend_low_i8x16_s (local.get $v)))
      (local.set $hi2 (i16x8.extend_high_i8x16_s (local.get $v)))
      (local.set $q (v128.load offset=0 (local.get $q0)))
      (local.set $a0 (i32x4.add (local.get $a0) (i32x4.dot_i16x8_s (local.get $q) (local.get $lo))))
      (local.set $b0 (i32x4.add (local.get $b0) (i32x4.dot_i16x8_s (local.get $q) (local.get $lo2))))
      (local.set $q (v128.load offset=16 (local.get $q0)))
      (local.set $a0 (i32x4.add (local.get $a0) (i32x4.dot_i16x8_s (local.get $q) (local.get $hi))))
      (local.set $b0 (i32x4.add (local.get $b0) (i32x4.dot_i16x8_s (local.get $q) (local.get $hi2))))
      (local.set $q (v128.load offset=0 (local.get $q1)))
      (local.set $a1 (i32x4.add (local.get $a1) (i32x4.dot_i16x8_s (local.get $q) (local.get $lo))))
      (local.set $b1v (i32x4.add (local.get $b1v) (i32x4.dot_i16x8_s (local.get $q) (local.get $lo2))))
      (local.set $q (v128.load offset=16 (local.get $q1)))
      (local.set $a1 (i32x4.add (local.get $a1) (i32x4.dot_i16x8_s (local.get $q) (local.get $hi))))
      (local.set $b1v (i32x4.add (local.get $b1v) (i32x4.dot_i16x8_s (local.get $q) (local.get $hi2))))
      (local.set $q (v128.load offset=0 (local.get $q2)))
      (local.set $a2 (i32x4.add (local.get $a2) (i32x4.dot_i16x8_s (local.get $q) (local.get $lo))))
      (local.set $b2v (i32x4.add (local.get $b2v) (i32x4.dot_i16x8_s (local.get $q) (local.get $lo2))))
      (local.set $q (v128.load offset=16 (local.get $q2)))
      (local.set $a2 (i32x4.add (local.get $a2) (i32x4.dot_i16x8_s (local.get $q) (local.get $hi))))
      (local.set $b2v (i32x4.add (local.get $b2v) (i32x4.dot_i16x8_s (local.get $q) (local.get $hi2))))
      (local.set $q (v128.load offset=0 (local.get $q3)))
      (local.set $a3 (i32x4.add (local.get $a3) (i32x4.dot_i16x8_s (local.get $q) (local.get $lo))))
      (local.set $b3v (i32x4.add (local.get $b3v) (i32x4.dot_i16x8_s (local.get $q) (local.get $lo2))))
      (local.set $q (v128.load offset=16 (local.get $q3)))
      (local.set $a3 (i32x4.add (local.get $a3) (i32x4.dot_i16x8_s (local.get $q) (local.get $hi))))
      (local.set $b3v (i32x4.add (local.get $b3v) (i32x4.dot_i16x8_s (local.get $q) (local.get $hi2))))
      (local.set $q0 (i32.add (local.get $q0) (i32.const 32)))
      (local.set $q1 (i32.add (local.get $q1) (i32.const 32)))
      (local.set $q2 (i32.add (local.get $q2) (i32.const 32)))
      (local.set $q3 (i32.add (local.get $q3) (i32.const 32)))
      (local.set $k (i32.add (local.get $k) (i32.const 16)))
      (if (i32.eq (local.get $k) (local.get $next)) (then
        (local.set $upA (f32x4.add (f32x4.add
          (f32x4.mul (f32x4.convert_i32x4_s (call $hsum4 (local.get $a0) (local.get $a1) (local.get $a2) (local.get $a3))) (local.get $scaleA))
          (f32x4.mul (local.get $Rq) (f32x4.splat (f32.load (i32.add (local.get $metaA) (i32.shl (i32.add (local.get $seg) (i32.const 3)) (i32.const 2)))))))
          (local.get $boundA)))
        (local.set $upB (f32x4.add (f32x4.add
          (f32x4.mul (f32x4.convert_i32x4_s (call $hsum4 (local.get $b0) (local.get $b1v) (local.get $b2v) (local.get $b3v))) (local.get $scaleB))
          (f32x4.mul (local.get $Rq) (f32x4.splat (f32.load (i32.add (local.get $metaB) (i32.shl (i32.add (local.get $seg) (i32.const 3)) (i32.const 2)))))))
          (local.get $boundB)))
        (if (i32.eqz (i32.and (local.get $valid) (i32.or
            (i32x4.bitmask (f32x4.ge (local.get $upA) (local.get $threshold)))
            (i32x4.bitmask (f32x4.ge (local.get $upB) (local.get $threshold))))))
          (then (return (v128.const i32x4 0 0 0 0) (v128.const i32x4 0 0 0 0) (i32.const 0))))
        ;; next distinct boundary
        (block $found
          (loop $advance
            (local.set $seg (i32.add (local.get $seg) (i32.const 1)))
            (if (i32.gt_s (local.get $seg) (i32.const 3)) (then (local.set $next (i32.const -1)) (br $found)))
            (local.set $next (select (local.get $b2) (local.get $b3) (i32.eq (local.get $seg) (i32.const 2))))
            (local.set $Rq (select (local.get $Rq2) (local.get $Rq3) (i32.eq (local.get $seg) (i32.const 2))))
            (br_if $advance (i32.le_s (local.get $next) (local.get $k)))))))
      (br_if $chunks (i32.lt_u (local.get $k) (local.get $dp))))
    (call $hsum4 (local.get $a0) (local.get $a1) (local.get $a2) (local.get $a3))
    (call $hsum4 (local.get $b0) (local.get $b1v) (local.get $b2v) (local.get $b3v))
    (i32.const 1))

  ;; Writes the candidate pairs (g+j, m) of one member's four products; returns the new count.
  (func $emit (param $I v128) (param $meta v128) (param $iSq v128) (param $hq v128) (param $Lpq v128)
    (param $threshold v128) (param $valid i32) (param $g i32) (param $m i32) (param $out i32) (param $count i32) (result i32)
    (local $approx v128) (local $bound v128) (local $mask i32)
    (local.set $approx (f32x4.mul (f32x4.convert_i32x4_s (local.get $I))
      (f32x4.mul (local.get $iSq) (f32x4.splat (f32x4.extract_lane 0 (local.get $meta))))))
    (local.set $bound (f32x4.add
      (f32x4.mul (local.get $hq) (f32x4.splat (f32x4.extract_lane 2 (local.get $meta))))
      (f32x4.mul (f32x4.splat (f32x4.extract_lane 1 (local.get $meta))) (local.get $Lpq))))
    (local.set $mask (i32.and (local.get $valid)
      (i32x4.bitmask (f32x4.ge (f32x4.add (local.get $approx) (local.get $bound)) (local.get $threshold)))))
    (block $emitted
      (loop $pairs
        (br_if $emitted (i32.eqz (local.get $mask)))
        (i32.store (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2)))
          (i32.add (local.get $g) (i32.ctz (local.get $mask))))
        (i32.store offset=4 (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))) (local.get $m))
        (local.set $count (i32.add (local.get $count) (i32.const 2)))
        (local.set $mask (i32.and (local.get $mask) (i32.sub (local.get $mask) (i32.const 1))))
        (br $pairs)))
    (local.get $count))

  ;; Candidate pairs: every (query i, member k) whose cosine upper bound approx+bound >= S.
  ;; Writes pairs (i, k) as two i32 at out; starts at query `start` (a multiple of 4) and stops
  ;; before a query group that might not fit in `cap` i32s. Stores the next query index at
  ;; `state` and returns the number of i32s written.
  (func (export "scan")
    (param $qRows i32) (param $qMeta i32) (param $qList i32) (param $nq i32)
    (param $mCodes i32) (param $mMeta i32) (param $mList i32) (param $nm i32)
    (param $dp i32) (param $S f32) (param $out i32) (param $cap i32)
    (param $start i32) (param $state i32) (result i32)
    (local $q0 i32) (local $q1 i32) (local $q2 i32) (local $q3 i32)
    (local $g i32) (local $count i32) (local $m i32) (local $item i32) (local $item2 i32) (local $valid i32)
    (local $iSq v128) (local $hq v128) (local $Lpq v128) (local $I v128) (local $I2 v128) (local $threshold v128)
    (local $Rq1 v128) (local $Rq2 v128) (local $Rq3 v128) (local $metaA i32) (local $metaB i32) (local $mA v128) (local $mB v128)
    (local $alive i32) (local $b1 i32) (local $b2 i32) (local $b3 i32) (local $chunks i32)
    (local.set $threshold (f32x4.splat (local.get $S)))
    ;; quarter boundaries in bytes (see segmentEnds in vectorQuantization.ts)
    (local.set $chunks (i32.shr_u (local.get $dp) (i32.const 4)))
    (local.set $b1 (i32.shl (i32.shr_u (i32.add (local.get $chunks) (i32.const 3)) (i32.const 2)) (i32.const 4)))
    (local.set $b2 (i32.shl (i32.shr_u (i32.add (local.get $chunks) (i32.const 1)) (i32.const 1)) (i32.const 4)))
    (local.set $b3 (i32.shl (i32.shr_u (i32.add (i32.mul (local.get $chunks) (i32.const 3)) (i32.const 3)) (i32.const 2)) (i32.const 4)))
    (local.set $g (local.get $start))
    (block $stop
      (loop $groups
        (br_if $stop (i32.ge_s (local.get $g) (local.get $nq)))
        (br_if $stop (i32.gt_s (i32.add (local.get $count) (i32.shl (local.get $nm) (i32.const 3))) (local.get $cap)))
        (local.set $q0 (call $row (local.get $qRows) (local.get $qList) (local.get $nq) (local.get $g) (i32.const 0) (local.get $dp)))
        (local.set $q1 (call $row (local.get $qRows) (local.get $qList) (local.get $nq) (local.get $g) (i32.const 1) (local.get $dp)))
        (local.set $q2 (call $row (local.get $qRows) (local.get $qList) (local.get $nq) (local.get $g) (i32.const 2) (local.get $dp)))
        (local.set $q3 (call $row (local.get $qRows) (local.get $qList) (local.get $nq) (local.get $g) (i32.const 3) (local.get $dp)))
        (local.set $iSq (call $queryLane (local.get $qMeta) (local.get $qList) (local.get $nq) (local.get $g) (i32.const 0)))
        (local.set $hq (call $queryLane (local.get $qMeta) (local.get $qList) (local.get $nq) (local.get $g) (i32.const 1)))
        (local.set $Lpq (call $queryLane (local.get $qMeta) (local.get $qList) (local.get $nq) (local.get $g) (i32.const 3)))
        (local.set $valid (i32.sub (i32.shl (i32.const 1)
          (select (i32.const 4) (i32.sub (local.get $nq) (local.get $g)) (i32.gt_s (i32.sub (local.get $nq) (local.get $g)) (i32.const 4))))
          (i32.const 1)))
        (local.set $Rq1 (call $queryLane (local.get $qMeta) (local.get $qList) (local.get $nq) (local.get $g) (i32.const 4)))
        (local.set $Rq2 (call $queryLane (local.get $qMeta) (local.get $qList) (local.get $nq) (local.get $g) (i32.const 5)))
        (local.set $Rq3 (call $queryLane (local.get $qMeta) (local.get $qList) (local.get $nq) (local.get $g) (i32.const 6)))
        (local.set $m (i32.const 0))
        (block $pairsDone
          (loop $memberPairs
            (br_if $pairsDone (i32.ge_s (i32.add (local.get $m) (i32.const 1)) (local.get $nm)))
            (local.set $item (i32.load (i32.add (local.get $mList) (i32.shl (local.get $m) (i32.const 2)))))
            (local.set $item2 (i32.load offset=4 (i32.add (local.get $mList) (i32.shl (local.get $m) (i32.const 2)))))
            (local.set $metaA (i32.add (local.get $mMeta) (i32.shl (local.get $item) (i32.const 5))))
            (local.set $metaB (i32.add (local.get $mMeta) (i32.shl (local.get $item2) (i32.const 5))))
            (local.set $mA (v128.load (local.get $metaA)))
            (local.set $mB (v128.load (local.get $metaB)))
            (call $dot8checked (local.get $q0) (local.get $q1) (local.get $q2) (local.get $q3)
              (i32.add (local.get $mCodes) (i32.mul (local.get $item) (local.get $dp)))
              (i32.add (local.get $mCodes) (i32.mul (local.get $item2) (local.get $dp)))
              (local.get $dp) (local.get $b1) (local.get $b2) (local.get $b3)
              (f32x4.mul (local.get $iSq) (f32x4.splat (f32x4.extract_lane 0 (local.get $mA))))
              (f32x4.mul (local.get $iSq) (f32x4.splat (f32x4.extract_lane 0 (local.get $mB))))
              (f32x4.add (f32x4.mul (local.get $hq) (f32x4.splat (f32x4.extract_lane 2 (local.get $mA))))
                (f32x4.mul (f32x4.splat (f32x4.extract_lane 1 (local.get $mA))) (local.get $Lpq)))
              (f32x4.add (f32x4.mul (local.get $hq) (f32x4.splat (f32x4.extract_lane 2 (local.get $mB))))
                (f32x4.mul (f32x4.splat (f32x4.extract_lane 1 (local.get $mB))) (local.get $Lpq)))
              (local.get $Rq1) (local.get $Rq2) (local.get $Rq3) (local.get $metaA) (local.get $metaB) (local.get $threshold) (local.get $valid))
            (local.set $alive)
            (local.set $I2)
            (local.set $I)
            (if (local.get $alive) (then
              (local.set $count (call $emit (local.get $I) (local.get $mA)
                (local.get $iSq) (local.get $hq) (local.get $Lpq) (local.get $threshold) (local.get $valid) (local.get $g) (local.get $m)
                (local.get $out) (local.get $count)))
              (local.set $count (call $emit (local.get $I2) (local.get $mB)
                (local.get $iSq) (local.get $hq) (local.get $Lpq) (local.get $threshold) (local.get $valid) (local.get $g)
                (i32.add (local.get $m) (i32.const 1)) (local.get $out) (local.get $count)))))
            (local.set $m (i32.add (local.get $m) (i32.const 2)))
            (br $memberPairs)))
        (if (i32.lt_s (local.get $m) (local.get $nm)) (then
          (local.set $item (i32.load (i32.add (local.get $mList) (i32.shl (local.get $m) (i32.const 2)))))
          (local.set $I (call $dot4 (local.get $q0) (local.get $q1) (local.get $q2) (local.get $q3)
            (i32.add (local.get $mCodes) (i32.mul (local.get $item) (local.get $dp))) (local.get $dp)))
          (local.set $count (call $emit (local.get $I) (v128.load (i32.add (local.get $mMeta) (i32.shl (local.get $item) (i32.const 5))))
            (local.get $iSq) (local.get $hq) (local.get $Lpq) (local.get $threshold) (local.get $valid) (local.get $g) (local.get $m)
            (local.get $out) (local.get $count)))))
        (local.set $g (i32.add (local.get $g) (i32.const 4)))
        (br $groups)))
    (i32.store (local.get $state) (local.get $g))
    (local.get $count))

  ;; Stores the cosine intervals [approx-bound, approx+bound] of up to four queries (n) against centre c.
  (func $storeDense (param $I v128) (param $meta v128) (param $iSq v128) (param $hq v128) (param $Lpq v128)
    (param $n i32) (param $g i32) (param $c i32) (param $nc i32) (param $outHi i32) (param $outLo i32)
    (local $approx v128) (local $bound v128) (local $hi v128) (local $lo v128) (local $at i32) (local $step i32)
    (local.set $approx (f32x4.mul (f32x4.convert_i32x4_s (local.get $I))
      (f32x4.mul (local.get $iSq) (f32x4.splat (f32x4.extract_lane 0 (local.get $meta))))))
    (local.set $bound (f32x4.add
      (f32x4.mul (local.get $hq) (f32x4.splat (f32x4.extract_lane 2 (local.get $meta))))
      (f32x4.mul (f32x4.splat (f32x4.extract_lane 1 (local.get $meta))) (local.get $Lpq))))
    (local.set $hi (f32x4.add (local.get $approx) (local.get $bound)))
    (local.set $lo (f32x4.sub (local.get $approx) (local.get $bound)))
    (local.set $at (i32.shl (i32.add (i32.mul (local.get $g) (local.get $nc)) (local.get $c)) (i32.const 2)))
    (local.set $step (i32.shl (local.get $nc) (i32.const 2)))
    (f32.store (i32.add (local.get $outHi) (local.get $at)) (f32x4.extract_lane 0 (local.get $hi)))
    (f32.store (i32.add (local.get $outLo) (local.get $at)) (f32x4.extract_lane 0 (local.get $lo)))
    (local.set $at (i32.add (local.get $at) (local.get $step)))
    (if (i32.gt_s (local.get $n) (i32.const 1)) (then
      (f32.store (i32.add (local.get $outHi) (local.get $at)) (f32x4.extract_lane 1 (local.get $hi)))
      (f32.store (i32.add (local.get $outLo) (local.get $at)) (f32x4.extract_lane 1 (local.get $lo)))))
    (local.set $at (i32.add (local.get $at) (local.get $step)))
    (if (i32.gt_s (local.get $n) (i32.const 2)) (then
      (f32.store (i32.add (local.get $outHi) (local.get $at)) (f32x4.extract_lane 2 (local.get $hi)))
      (f32.store (i32.add (local.get $outLo) (local.get $at)) (f32x4.extract_lane 2 (local.get $lo)))))
    (local.set $at (i32.add (local.get $at) (local.get $step)))
    (if (i32.gt_s (local.get $n) (i32.const 3)) (then
      (f32.store (i32.add (local.get $outHi) (local.get $at)) (f32x4.extract_lane 3 (local.get $hi)))
      (f32.store (i32.add (local.get $outLo) (local.get $at)) (f32x4.extract_lane 3 (local.get $lo))))))

  ;; Cosine intervals of every query against every centre: hi/lo of query i and centre c at
  ;; out{Hi,Lo} + 4*(i*nc + c) (f32), for queries qList[0..nq).
  (func (export "dense")
    (param $qRows i32) (param $qMeta i32) (param $qList i32) (param $nq i32)
    (param $cCodes i32) (param $cMeta i32) (param $nc i32)
    (param $dp i32) (param $outHi i32) (param $outLo i32)
    (local $q0 i32) (local $q1 i32) (local $q2 i32) (local $q3 i32)
    (local $g i32) (local $c i32) (local $n i32) (local $I v128) (local $I2 v128)
    (local $iSq v128) (local $hq v128) (local $Lpq v128)
    (local.set $g (i32.const 0))
    (block $stop
      (loop $groups
        (br_if $stop (i32.ge_s (local.get $g) (local.get $nq)))
        (local.set $q0 (call $row (local.get $qRows) (local.get $qList) (local.get $nq) (local.get $g) (i32.const 0) (local.get $dp)))
        (local.set $q1 (call $row (local.get $qRows) (local.get $qList) (local.get $nq) (local.get $g) (i32.const 1) (local.get $dp)))
        (local.set $q2 (call $row (local.get $qRows) (local.get $qList) (local.get $nq) (local.get $g) (i32.const 2) (local.get $dp)))
        (local.set $q3 (call $row (local.get $qRows) (local.get $qList) (local.get $nq) (local.get $g) (i32.const 3) (local.get $dp)))
        (local.set $iSq (call $queryLane (local.get $qMeta) (local.get $qList) (local.get $nq) (local.get $g) (i32.const 0)))
        (local.set $hq (call $queryLane (local.get $qMeta) (local.get $qList) (local.get $nq) (local.get $g) (i32.const 1)))
        (local.set $Lpq (call $queryLane (local.get $qMeta) (local.get $qList) (local.get $nq) (local.get $g) (i32.const 3)))
        (local.set $n (select (i32.const 4) (i32.sub (local.get $nq) (local.get $g)) (i32.gt_s (i32.sub (local.get $nq) (local.get $g)) (i32.const 4))))
        (local.set $c (i32.const 0))
        (block $pairsDone
          (loop $centrePairs
            (br_if $pairsDone (i32.ge_s (i32.add (local.get $c) (i32.const 1)) (local.get $nc)))
            (call $dot8 (local.get $q0) (local.get $q1) (local.get $q2) (local.get $q3)
              (i32.add (local.get $cCodes) (i32.mul (local.get $c) (local.get $dp)))
              (i32.add (local.get $cCodes) (i32.mul (i32.add (local.get $c) (i32.const 1)) (local.get $dp)))
              (local.get $dp))
            (local.set $I2)
            (local.set $I)
            (call $storeDense (local.get $I) (v128.load (i32.add (local.get $cMeta) (i32.shl (local.get $c) (i32.const 5))))
              (local.get $iSq) (local.get $hq) (local.get $Lpq) (local.get $n) (local.get $g) (local.get $c) (local.get $nc)
              (local.get $outHi) (local.get $outLo))
            (call $storeDense (local.get $I2) (v128.load offset=32 (i32.add (local.get $cMeta) (i32.shl (local.get $c) (i32.const 5))))
              (local.get $iSq) (local.get $hq) (local.get $Lpq) (local.get $n) (local.get $g) (i32.add (local.get $c) (i32.const 1))
              (local.get $nc) (local.get $outHi) (local.get $outLo))
            (local.set $c (i32.add (local.get $c) (i32.const 2)))
            (br $centrePairs)))
        (if (i32.lt_s (local.get $c) (local.get $nc)) (then
          (local.set $I (call $dot4 (local.get $q0) (local.get $q1) (local.get $q2) (local.get $q3)
            (i32.add (local.get $cCodes) (i32.mul (local.get $c) (local.get $dp))) (local.get $dp)))
          (call $storeDense (local.get $I) (v128.load (i32.add (local.get $cMeta) (i32.shl (local.get $c) (i32.const 5))))
            (local.get $iSq) (local.get $hq) (local.get $Lpq) (local.get $n) (local.get $g) (local.get $c) (local.get $nc)
            (local.get $outHi) (local.get $outLo))))
        (local.set $g (i32.add (local.get $g) (i32.const 4)))
        (br $groups))))
;; Centres c in [0, K) whose interval [lo, hi] (rows of f32 at hi/lo) passes
  ;; hi >= A[c] and lo <= B[c] (f32 arrays, padded to a multiple of 4 with A = +inf);
  ;; writes their indices at out and returns how many.
  (func (export "eligible") (param $hi i32) (param $lo i32) (param $K i32) (param $A i32) (param $B i32) (param $out i32) (result i32)
    (local $c i32) (local $count i32) (local $mask i32) (local $at i32)
    (block $done
      (loop $centres
        (br_if $done (i32.ge_s (local.get $c) (local.get $K)))
        (local.set $at (i32.shl (local.get $c) (i32.const 2)))
        (local.set $mask (i32x4.bitmask (v128.and
          (f32x4.ge (v128.load (i32.add (local.get $hi) (local.get $at))) (v128.load (i32.add (local.get $A) (local.get $at))))
          (f32x4.le (v128.load (i32.add (local.get $lo) (local.get $at))) (v128.load (i32.add (local.get $B) (local.get $at)))))))
        (block $emitted
          (loop $emit
            (br_if $emitted (i32.eqz (local.get $mask)))
            (i32.store (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2)))
              (i32.add (local.get $c) (i32.ctz (local.get $mask))))
            (local.set $count (i32.add (local.get $count) (i32.const 1)))
            (local.set $mask (i32.and (local.get $mask) (i32.sub (local.get $mask) (i32.const 1))))
            (br $emit)))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $centres)))
    (local.get $count))

  ;; The centre with the largest hi + lo (the interval's middle), first on ties.
  (func (export "nearest") (param $hi i32) (param $lo i32) (param $K i32) (result i32)
    (local $c i32) (local $best i32) (local $value f32) (local $top f32) (local $at i32)
    (local.set $top (f32.const -inf))
    (block $done
      (loop $centres
        (br_if $done (i32.ge_s (local.get $c) (local.get $K)))
        (local.set $at (i32.shl (local.get $c) (i32.const 2)))
        (local.set $value (f32.add (f32.load (i32.add (local.get $hi) (local.get $at))) (f32.load (i32.add (local.get $lo) (local.get $at)))))
        (if (f32.gt (local.get $value) (local.get $top)) (then
          (local.set $top (local.get $value))
          (local.set $best (local.get $c))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $centres)))
    (local.get $best))
)
