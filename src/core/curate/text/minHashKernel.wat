;; MinHash signatures with WebAssembly SIMD (see minHashKernel.ts).
;;
;; sign(shingles, n, params, groups, out): for each group g of 12 hash
;; functions, out[12g + i] = min over the n shingle hashes x of
;; (a_i * x + b_i) mod 2^32, compared as signed i32; exactly Math.imul + |0 +
;; a signed minimum, so the JavaScript twin gives the same signature.
;; params holds, per group, a0..a11 then b0..b11 (96 bytes).
;; Three vectors per pass: each shingle is loaded and splatted once for 12
;; hashes, and 3 × (a, b, min) + x fit in the 16 SIMD registers of x86-64.
(module
  (import "env" "memory" (memory 1))
  (func (export "sign") (param $sh i32) (param $n i32) (param $params i32) (param $groups i32) (param $out i32)
    (local $g i32) (local $p i32) (local $end i32) (local $x v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128)
    (local $m0 v128) (local $m1 v128) (local $m2 v128)
    (local.set $end (i32.add (local.get $sh) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $group
        (br_if $done (i32.ge_u (local.get $g) (local.get $groups)))
        (local.set $p (i32.add (local.get $params) (i32.mul (local.get $g) (i32.const 96))))
        (local.set $a0 (v128.load offset=0 (local.get $p)))
        (local.set $a1 (v128.load offset=16 (local.get $p)))
        (local.set $a2 (v128.load offset=32 (local.get $p)))
        (local.set $b0 (v128.load offset=48 (local.get $p)))
        (local.set $b1 (v128.load offset=64 (local.get $p)))
        (local.set $b2 (v128.load offset=80 (local.get $p)))
        (local.set $m0 (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff))
        (local.set $m1 (local.get $m0))
        (local.set $m2 (local.get $m0))
        (local.set $p (local.get $sh))
        (block $shingles_done
          (loop $shingles
            (br_if $shingles_done (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $x (v128.load32_splat (local.get $p)))
            (local.set $m0 (i32x4.min_s (local.get $m0) (i32x4.add (i32x4.mul (local.get $x) (local.get $a0)) (local.get $b0))))
            (local.set $m1 (i32x4.min_s (local.get $m1) (i32x4.add (i32x4.mul (local.get $x) (local.get $a1)) (local.get $b1))))
            (local.set $m2 (i32x4.min_s (local.get $m2) (i32x4.add (i32x4.mul (local.get $x) (local.get $a2)) (local.get $b2))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $shingles)))
        (local.set $p (i32.add (local.get $out) (i32.mul (local.get $g) (i32.const 48))))
        (v128.store offset=0 (local.get $p) (local.get $m0))
        (v128.store offset=16 (local.get $p) (local.get $m1))
        (v128.store offset=32 (local.get $p) (local.get $m2))
        (local.set $g (i32.add (local.get $g) (i32.const 1)))
        (br $group))))
)
