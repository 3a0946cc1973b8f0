// RUN: relax-opt %s --tvmlir-cpu-strategy="vector-bits=512 num-threads=1" --split-input-file | FileCheck %s
// RUN: relax-opt %s --tvmlir-cpu-strategy="vector-bits=256 num-threads=1" --split-input-file | FileCheck %s --check-prefix=AVX2
// RUN: relax-opt %s --tvmlir-cpu-strategy="vector-bits=512 num-threads=2" --split-input-file | FileCheck %s --check-prefix=THREADS

// A dense layer with bias and relu (the seed's fused_matmul_add_relu): the
// contraction becomes 8x32 register tiles whose accumulators are carried in
// registers across k (an scf.for over vectors, 8 FMAs of vector<32> per
// step); the bias and relu run on each cache tile of the product, vectorized,
// writing the result once. No linalg op on tensors is left.
// CHECK-LABEL: func.func private @dense_relu(
// CHECK: %[[ACC:.*]] = scf.for %{{.*}} = %c0 to %c128 step %c1 iter_args(%{{.*}} = %{{.*}}) -> (vector<8x32xf32>) {
// CHECK-COUNT-8: vector.fma %{{.*}} : vector<32xf32>
// CHECK: scf.yield %{{.*}} : vector<8x32xf32>
// CHECK: vector.transfer_write %[[ACC]], %[[TILE:[a-z0-9_]+]][
// CHECK: %[[P:.*]] = vector.load %[[TILE]][{{.*}}] : memref<64x256xf32>, vector<32xf32>
// CHECK: %[[B:.*]] = vector.load %arg2[{{.*}}] : memref<256xf32>, vector<32xf32>
// CHECK: %[[S:.*]] = arith.addf %[[P]], %[[B]] : vector<32xf32>
// CHECK: %[[R:.*]] = arith.maximumf %[[S]], %{{.*}} : vector<32xf32>
// CHECK: vector.store %[[R]], %arg3[
// CHECK: memref.dealloc %[[TILE]]
// CHECK-NOT: linalg.generic
// CHECK-NOT: tensor<
// With AVX2's 256-bit vectors: 8x16 tiles of vector<16>.
// AVX2-LABEL: func.func private @dense_relu(
// AVX2: scf.for {{.*}} -> (vector<8x16xf32>)
// AVX2-COUNT-8: vector.fma %{{.*}} : vector<16xf32>
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
#mA = affine_map<(d0, d1, d2) -> (d0, d2)>
#mB = affine_map<(d0, d1, d2) -> (d2, d1)>
#mC = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func private @dense_relu(%x: memref<64x128xf32>, %w: memref<128x256xf32>, %b: memref<256xf32>, %out: memref<64x256xf32>) {
  %tx = bufferization.to_tensor %x restrict : memref<64x128xf32> to tensor<64x128xf32>
  %tw = bufferization.to_tensor %w restrict : memref<128x256xf32> to tensor<128x256xf32>
  %tb = bufferization.to_tensor %b restrict : memref<256xf32> to tensor<256xf32>
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<64x256xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%e0 : tensor<64x256xf32>) -> tensor<64x256xf32>
  %mm = linalg.generic {indexing_maps = [#mA, #mB, #mC], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%tx, %tw : tensor<64x128xf32>, tensor<128x256xf32>) outs(%fill : tensor<64x256xf32>) {
  ^bb0(%a: f32, %bb: f32, %acc: f32):
    %p = arith.mulf %a, %bb : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<64x256xf32>
  %e1 = tensor.empty() : tensor<64x256xf32>
  %add = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%mm, %tb : tensor<64x256xf32>, tensor<256xf32>) outs(%e1 : tensor<64x256xf32>) {
  ^bb0(%v: f32, %bias: f32, %o: f32):
    %s = arith.addf %v, %bias : f32
    linalg.yield %s : f32
  } -> tensor<64x256xf32>
  %e2 = tensor.empty() : tensor<64x256xf32>
  %relu = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%add : tensor<64x256xf32>) outs(%e2 : tensor<64x256xf32>) {
  ^bb0(%v: f32, %o: f32):
    %r = arith.maximumf %v, %zero : f32
    linalg.yield %r : f32
  } -> tensor<64x256xf32>
  bufferization.materialize_in_destination %relu in restrict writable %out : (tensor<64x256xf32>, memref<64x256xf32>) -> ()
  return
}

// -----

// Large enough for threads: the cache tiles of a 512^3 matmul are an
// scf.parallel (with its fill fused into each tile); at one thread, loops.
// THREADS-LABEL: func.func private @gemm(
// THREADS: scf.parallel (%{{.*}}, %{{.*}}) = (%c0, %c0) to (%c8, %c2) step (%c1, %c1) {
// THREADS: vector.store %{{.*}} : memref<512x512xf32>, vector<32xf32>
// THREADS: scf.for {{.*}} -> (vector<8x32xf32>)
// CHECK-LABEL: func.func private @gemm(
// CHECK-NOT: scf.parallel
// CHECK: scf.for {{.*}} -> (vector<8x32xf32>)
#mA = affine_map<(d0, d1, d2) -> (d0, d2)>
#mB = affine_map<(d0, d1, d2) -> (d2, d1)>
#mC = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func private @gemm(%x: memref<512x512xf32>, %w: memref<512x512xf32>, %out: memref<512x512xf32>) {
  %tx = bufferization.to_tensor %x restrict : memref<512x512xf32> to tensor<512x512xf32>
  %tw = bufferization.to_tensor %w restrict : memref<512x512xf32> to tensor<512x512xf32>
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<512x512xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%e0 : tensor<512x512xf32>) -> tensor<512x512xf32>
  %mm = linalg.generic {indexing_maps = [#mA, #mB, #mC], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%tx, %tw : tensor<512x512xf32>, tensor<512x512xf32>) outs(%fill : tensor<512x512xf32>) {
  ^bb0(%a: f32, %bb: f32, %acc: f32):
    %p = arith.mulf %a, %bb : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<512x512xf32>
  bufferization.materialize_in_destination %mm in restrict writable %out : (tensor<512x512xf32>, memref<512x512xf32>) -> ()
  return
}

// -----

// A softmax-style row reduction: the row (128) is one vector, reduced across
// its lanes once per output; the exp of the next op is a polynomial on
// vectors (no per-lane libm call).
#in = affine_map<(d0, d1) -> (d0, d1)>
#out = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func private @row_max_exp(
// CHECK: vector.load %arg0[%{{.*}}, %c0] : memref<16x128xf32>, vector<128xf32>
// CHECK: vector.reduction <maximumf>, %{{.*}} : vector<128xf32> into f32
// CHECK: math.floor %{{.*}} : vector<64xf32>
// CHECK: math.fma
// CHECK-NOT: math.exp
func.func private @row_max_exp(%x: memref<16x128xf32>, %out: memref<16x128xf32>) {
  %tx = bufferization.to_tensor %x restrict : memref<16x128xf32> to tensor<16x128xf32>
  %ninf = arith.constant 0xFF800000 : f32
  %e0 = tensor.empty() : tensor<16xf32>
  %fill = linalg.fill ins(%ninf : f32) outs(%e0 : tensor<16xf32>) -> tensor<16xf32>
  %max = linalg.generic {indexing_maps = [#in, #out], iterator_types = ["parallel", "reduction"]}
      ins(%tx : tensor<16x128xf32>) outs(%fill : tensor<16xf32>) {
  ^bb0(%v: f32, %acc: f32):
    %m = arith.maximumf %acc, %v : f32
    linalg.yield %m : f32
  } -> tensor<16xf32>
  %e1 = tensor.empty() : tensor<16x128xf32>
  %exp = linalg.generic {indexing_maps = [#in, #out, #in], iterator_types = ["parallel", "parallel"]}
      ins(%tx, %max : tensor<16x128xf32>, tensor<16xf32>) outs(%e1 : tensor<16x128xf32>) {
  ^bb0(%v: f32, %m: f32, %o: f32):
    %d = arith.subf %v, %m : f32
    %e = math.exp %d : f32
    linalg.yield %e : f32
  } -> tensor<16x128xf32>
  bufferization.materialize_in_destination %exp in restrict writable %out : (tensor<16x128xf32>, memref<16x128xf32>) -> ()
  return
}

// -----

// A convolution as LegalizeOps writes it (NCHW input, OIHW filter, read
// through a window) becomes linalg.conv_2d_nhwc_hwcf between transposes; its
// tiles (7 output columns x 16 output channels, 8 input channels at a time)
// are decomposed into 1-D convolutions and vectorized: the accumulators stay
// in registers across the window and the input channels.
#x = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d4, d2 + d5, d3 + d6)>
#w = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d4, d5, d6)>
#y = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func private @conv(
// CHECK: memref.alloc() {{.*}} : memref<1x30x30x16xf32>
// CHECK: memref.alloc() {{.*}} : memref<3x3x16x16xf32>
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<7x16xf32>) {
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<7x16xf32>) {
// CHECK: scf.for {{.*}} step %c8 iter_args({{.*}}) -> (vector<7x16xf32>) {
// CHECK: vector.fma {{.*}} : vector<16xf32>
// CHECK: vector.transfer_write {{.*}} : vector<16x1x14xf32>, memref<1x16x28x28xf32>
// CHECK-NOT: linalg.generic
func.func private @conv(%in: memref<1x16x30x30xf32>, %filter: memref<16x16x3x3xf32>, %out: memref<1x16x28x28xf32>) {
  %ti = bufferization.to_tensor %in restrict : memref<1x16x30x30xf32> to tensor<1x16x30x30xf32>
  %tf = bufferization.to_tensor %filter restrict : memref<16x16x3x3xf32> to tensor<16x16x3x3xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x16x28x28xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%e : tensor<1x16x28x28xf32>) -> tensor<1x16x28x28xf32>
  %conv = linalg.generic {indexing_maps = [#x, #w, #y],
      iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%ti, %tf : tensor<1x16x30x30xf32>, tensor<16x16x3x3xf32>) outs(%fill : tensor<1x16x28x28xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<1x16x28x28xf32>
  bufferization.materialize_in_destination %conv in restrict writable %out : (tensor<1x16x28x28xf32>, memref<1x16x28x28xf32>) -> ()
  return
}
