// Legalization of convolution and pooling: TVM's topi computes, names included.
// RUN: relax-opt %s --relax-legalize-ops --mlir-use-nameloc-as-prefix 2>/dev/null | FileCheck %s
// RUN: relax-opt %s --relax-legalize-ops -o /dev/null 2>&1 | FileCheck %s --check-prefix=WARN

// CHECK-LABEL: relax.function @conv
relax.function @conv(%x: tensor<1x4x8x8xf32> loc("x"), %w: tensor<6x4x3x3xf32> loc("w"),
                     %g: tensor<6x2x3x3xf32> loc("g")) -> tensor<1x6x6x6xf32> {
  // CHECK: relax.call_tir @conv2d(%x, %w) : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x4x4xf32>
  %0 = relax.nn.conv2d %x, %w strides [2, 2] padding [1] : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x4x4xf32>
  // CHECK: relax.call_tir @conv2d{{[0-9]+}}(%x, %g)
  %1 = relax.nn.conv2d %x, %g padding [0, 1, 2, 0] dilation [1, 2] groups 2 : tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32> -> tensor<1x6x8x5xf32>
  // CHECK: relax.call_tir @conv2d2(%x, %w)
  %2 = relax.nn.conv2d %x, %w : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
  relax.return %2 : tensor<1x6x6x6xf32>
}

// CHECK-LABEL: relax.function @pools
relax.function @pools(%x: tensor<1x4x8x8xf32> loc("x")) -> tensor<1x4x3x3xf32> {
  // CHECK: relax.call_tir @max_pool2d(%x)
  %0 = relax.nn.max_pool2d %x pool_size [3, 3] strides [2, 2] padding [1] : tensor<1x4x8x8xf32> -> tensor<1x4x4x4xf32>
  // CHECK: relax.call_tir @max_pool2d1(%x)
  %1 = relax.nn.max_pool2d %x pool_size [2, 2] strides [2, 2] : tensor<1x4x8x8xf32> -> tensor<1x4x4x4xf32>
  // CHECK: relax.call_tir @avg_pool2d(%x)
  %2 = relax.nn.avg_pool2d %x pool_size [3, 3] padding [1] : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  // CHECK: relax.call_tir @avg_pool2d1(%x)
  %3 = relax.nn.avg_pool2d %x pool_size [3, 3] padding [1] count_include_pad true : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  // CHECK: relax.call_tir @adaptive_avg_pool2d(%x)
  %4 = relax.nn.adaptive_avg_pool2d %x output_size [2, 4] : tensor<1x4x8x8xf32> -> tensor<1x4x2x4xf32>
  // CHECK: relax.call_tir @adaptive_avg_pool2d1(%x)
  %5 = relax.nn.adaptive_avg_pool2d %x output_size [3] : tensor<1x4x8x8xf32> -> tensor<1x4x3x3xf32>
  relax.return %5 : tensor<1x4x3x3xf32>
}

// A symbolic batch is legalized (the padded copy is allocated to the
// input's batch); symbolic heights and widths are left as is.
// CHECK-LABEL: relax.function @symbolic
relax.function @symbolic(%x: tensor<?x4x8x8xf32, #relax.sym<["n"]>>, %w: tensor<6x4x3x3xf32>,
                         %y: tensor<1x4x?x8xf32, #relax.sym<["h"]>>)
    -> tensor<?x6x8x8xf32, #relax.sym<["n"]>> {
  // CHECK: relax.call_tir @conv2d{{[0-9]+}}(
  %0 = relax.nn.conv2d %x, %w padding [1, 1] : tensor<?x4x8x8xf32, #relax.sym<["n"]>>, tensor<6x4x3x3xf32> -> tensor<?x6x8x8xf32, #relax.sym<["n"]>>
  // CHECK: relax.nn.conv2d
  // WARN: warning: LegalizeOps: 'relax.nn.conv2d' with symbolic shapes is not legalized yet; left as is
  %1 = relax.nn.conv2d %y, %w : tensor<1x4x?x8xf32, #relax.sym<["h"]>>, tensor<6x4x3x3xf32> -> tensor<1x6x?x6xf32>
  relax.return %0 : tensor<?x6x8x8xf32, #relax.sym<["n"]>>
}

// The input is padded into `pad_temp` (topi's pad: loops i0..i3): a padded
// position reads 0, and the load's indices are clamped into the input because
// arith.select evaluates both sides; the read region keeps TVM's `i - 1`.
// CHECK-LABEL: tensorir.prim_func private @conv2d(
// CHECK-SAME: %x: memref<1x4x8x8xf32>, %w: memref<6x4x3x3xf32>, %conv2d_nchw: memref<1x6x4x4xf32>) attributes {tir.noalias = true}
// CHECK: %pad_temp = tensorir.alloc_buffer : memref<1x4x10x10xf32>
// CHECK: tensorir.for %i0 = %c0 to %c1 {
// CHECK: tensorir.for %i3 = %c0 to %c10 {
// CHECK: tensorir.block "pad_temp"(%v_i0, %v_i1, %v_i2, %v_i3) = (%i0, %i1, %i2, %i3) in (%c1, %c4, %c10, %c10) kinds "SSSS"
// CHECK-SAME: reads(%x[%v_i0, %v_i1, %v_i2 - 1, %v_i3 - 1] : memref<1x4x8x8xf32>) writes(%pad_temp[%v_i0, %v_i1, %v_i2, %v_i3] : memref<1x4x10x10xf32>)
// CHECK: %[[TOP:.*]] = arith.cmpi sge, %v_i2, %c1 : index
// CHECK-NEXT: %[[BOTTOM:.*]] = arith.cmpi slt, %v_i2, %c9 : index
// CHECK-NEXT: %[[INROWS:.*]] = arith.andi %[[TOP]], %[[BOTTOM]] : i1
// CHECK-NEXT: %[[LEFT:.*]] = arith.cmpi sge, %v_i3, %c1 : index
// CHECK-NEXT: %[[SOME:.*]] = arith.andi %[[INROWS]], %[[LEFT]] : i1
// CHECK-NEXT: %[[RIGHT:.*]] = arith.cmpi slt, %v_i3, %c9 : index
// CHECK-NEXT: %[[INSIDE:.*]] = arith.andi %[[SOME]], %[[RIGHT]] : i1
// CHECK: %[[ROW:.*]] = arith.addi %v_i2, %c-1 : index
// CHECK: %[[ROW0:.*]] = arith.maxsi %[[ROW]], %c0 : index
// CHECK: %[[ROW1:.*]] = arith.minsi %[[ROW0]], %c7 : index
// CHECK: %[[VALUE:.*]] = tensorir.load %x[%v_i0, %v_i1, %[[ROW1]], %{{.*}}] : memref<1x4x8x8xf32>
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: arith.select %[[INSIDE]], %[[VALUE]], %[[ZERO]] : f32
// Then the reduction over (rc, ry, rx), TVM's conv2d_nchw.
// CHECK: tensorir.for %nn = %c0 to %c1 {
// CHECK: tensorir.for %rx = %c0 to %c3 {
// CHECK: tensorir.block "conv2d_nchw"(%v_nn, %v_ff, %v_yy, %v_xx, %v_rc, %v_ry, %v_rx) = (%nn, %ff, %yy, %xx, %rc, %ry, %rx) in (%c1, %c6, %c4, %c4, %c4, %c3, %c3) kinds "SSSSRRR"
// CHECK-SAME: reads(%pad_temp[%v_nn, %v_rc, %v_yy * 2 + %v_ry, %v_xx * 2 + %v_rx] : memref<1x4x10x10xf32>, %w[%v_ff, %v_rc, %v_ry, %v_rx] : memref<6x4x3x3xf32>)
// CHECK-SAME: writes(%conv2d_nchw[%v_nn, %v_ff, %v_yy, %v_xx] : memref<1x6x4x4xf32>)
// CHECK-NEXT: tensorir.init {
// CHECK: arith.mulf
// CHECK: arith.addf

// Grouped: output channel ff reads its group's channels; asymmetric padding
// (top 0, left 1, bottom 2, right 0) tests only the padded sides.
// CHECK-LABEL: tensorir.prim_func private @conv2d1(
// CHECK-SAME: %group_conv2d_nchw: memref<1x6x8x5xf32>
// CHECK: %pad_temp = tensorir.alloc_buffer : memref<1x4x10x9xf32>
// CHECK: tensorir.block "pad_temp"
// CHECK-SAME: reads(%x[%v_i0, %v_i1, %v_i2, %v_i3 - 1] : memref<1x4x8x8xf32>)
// CHECK: arith.cmpi slt, %v_i2, %c8 : index
// CHECK: arith.cmpi sge, %v_i3, %c1 : index
// CHECK-NOT: arith.cmpi
// CHECK: arith.select
// CHECK: tensorir.block "group_conv2d_nchw"(%v_nn, %v_ff, %v_yy, %v_xx, %v_rc, %v_ry, %v_rx) = {{.*}} in (%c1, %c6, %c8, %c5, %c2, %c3, %c3) kinds "SSSSRRR"
// CHECK-SAME: reads(%pad_temp[%v_nn, (%v_ff floordiv 3) * 2 + %v_rc, %v_yy + %v_ry, %v_xx + %v_rx * 2] : memref<1x4x10x9xf32>, %g[%v_ff, %v_rc, %v_ry, %v_rx] : memref<6x2x3x3xf32>)

// Without padding, pad_temp is a plain copy (topi's conv pads always).
// CHECK-LABEL: tensorir.prim_func private @conv2d2(
// CHECK: tensorir.block "pad_temp"
// CHECK-SAME: reads(%x[%v_i0, %v_i1, %v_i2, %v_i3] : memref<1x4x8x8xf32>)
// CHECK-NEXT: %[[COPY:.*]] = tensorir.load %x[%v_i0, %v_i1, %v_i2, %v_i3]
// CHECK-NEXT: tensorir.store %[[COPY]], %pad_temp[%v_i0, %v_i1, %v_i2, %v_i3]
// CHECK: tensorir.block "conv2d_nchw"

// Max pooling pads with the lowest float and starts from it (topi's pool:
// loops ax0..ax3, reduction rv0, rv1).
// CHECK-LABEL: tensorir.prim_func private @max_pool2d(
// CHECK-SAME: %x: memref<1x4x8x8xf32>, %pool_max: memref<1x4x4x4xf32>)
// CHECK: %pad_temp = tensorir.alloc_buffer : memref<1x4x10x10xf32>
// CHECK: tensorir.block "pad_temp"(%v_ax0, %v_ax1, %v_ax2, %v_ax3)
// CHECK: %[[LOWEST:.*]] = arith.constant -3.40282347E+38 : f32
// CHECK: arith.select %{{.*}}, %{{.*}}, %[[LOWEST]] : f32
// CHECK: tensorir.block "pool_max"(%v_ax0, %v_ax1, %v_ax2, %v_ax3, %v_rv0, %v_rv1) = (%ax0, %ax1, %ax2, %ax3, %rv0, %rv1) in (%c1, %c4, %c4, %c4, %c3, %c3) kinds "SSSSRR"
// CHECK-SAME: reads(%pad_temp[%v_ax0, %v_ax1, %v_ax2 * 2 + %v_rv0, %v_ax3 * 2 + %v_rv1] : memref<1x4x10x10xf32>) writes(%pool_max[%v_ax0, %v_ax1, %v_ax2, %v_ax3] : memref<1x4x4x4xf32>)
// CHECK: tensorir.init {
// CHECK-NEXT: arith.constant -3.40282347E+38 : f32
// CHECK: arith.maximumf

// Unpadded: no pad_temp, the input is read directly.
// CHECK-LABEL: tensorir.prim_func private @max_pool2d1(
// CHECK-NOT: pad_temp
// CHECK: tensorir.block "pool_max"
// CHECK-SAME: reads(%x[%v_ax0, %v_ax1, %v_ax2 * 2 + %v_rv0, %v_ax3 * 2 + %v_rv1] : memref<1x4x8x8xf32>)

// Average pooling: pool_sum, then pool_avg divides by the taps inside the
// input (count_include_pad=False): per row (min(8 - ax2, 2) + 1) - max(1 - ax2, 0).
// CHECK-LABEL: tensorir.prim_func private @avg_pool2d(
// CHECK-SAME: %x: memref<1x4x8x8xf32>, %pool_avg: memref<1x4x8x8xf32>)
// CHECK: %pad_temp = tensorir.alloc_buffer : memref<1x4x10x10xf32>
// CHECK: %pool_sum = tensorir.alloc_buffer : memref<1x4x8x8xf32>
// CHECK: tensorir.block "pad_temp"
// CHECK: tensorir.block "pool_sum"(%v_ax0, %v_ax1, %v_ax2, %v_ax3, %v_rv0, %v_rv1) = {{.*}} kinds "SSSSRR"
// CHECK-SAME: reads(%pad_temp[%v_ax0, %v_ax1, %v_ax2 + %v_rv0, %v_ax3 + %v_rv1] : memref<1x4x10x10xf32>) writes(%pool_sum[%v_ax0, %v_ax1, %v_ax2, %v_ax3] : memref<1x4x8x8xf32>)
// CHECK: arith.addf
// CHECK: tensorir.block "pool_avg"(%v_ax0, %v_ax1, %v_ax2, %v_ax3) = {{.*}} kinds "SSSS" reads(%pool_sum[%v_ax0, %v_ax1, %v_ax2, %v_ax3] : memref<1x4x8x8xf32>) writes(%pool_avg[%v_ax0, %v_ax1, %v_ax2, %v_ax3] : memref<1x4x8x8xf32>)
// CHECK: %[[SUM:.*]] = tensorir.load %pool_sum
// CHECK: %[[LEFT:.*]] = arith.subi %c8, %v_ax2 : index
// CHECK: %[[LAST:.*]] = arith.minsi %[[LEFT]], %c2 : index
// CHECK: %[[END:.*]] = arith.addi %[[LAST]], %c1 : index
// CHECK: %[[BEFORE:.*]] = arith.subi %c1, %v_ax2 : index
// CHECK: %[[FIRST:.*]] = arith.maxsi %[[BEFORE]], %c0 : index
// CHECK: %[[ROWS:.*]] = arith.subi %[[END]], %[[FIRST]] : index
// CHECK: %[[COUNT:.*]] = arith.muli %[[ROWS]], %{{.*}} : index
// CHECK: %[[I64:.*]] = arith.index_cast %[[COUNT]] : index to i64
// CHECK: %[[DIVISOR:.*]] = arith.sitofp %[[I64]] : i64 to f32
// CHECK: arith.divf %[[SUM]], %[[DIVISOR]] : f32

// count_include_pad=True: every window holds 9 taps of the padded input.
// CHECK-LABEL: tensorir.prim_func private @avg_pool2d1(
// CHECK: tensorir.block "pool_avg"
// CHECK-NEXT: %[[SUM:.*]] = tensorir.load %pool_sum
// CHECK-NEXT: %[[NINE:.*]] = arith.constant 9.000000e+00 : f32
// CHECK-NEXT: arith.divf %[[SUM]], %[[NINE]] : f32

// Adaptive pooling with windows that divide the input: 4x2 windows, read at
// ax2 * 4 + rv0, divided by 8.
// CHECK-LABEL: tensorir.prim_func private @adaptive_avg_pool2d(
// CHECK-SAME: %x: memref<1x4x8x8xf32>, %adaptive_pool_avg: memref<1x4x2x4xf32>)
// CHECK: %adaptive_pool_sum = tensorir.alloc_buffer : memref<1x4x2x4xf32>
// CHECK: tensorir.block "adaptive_pool_sum"(%v_ax0, %v_ax1, %v_ax2, %v_ax3, %v_rv0, %v_rv1) = {{.*}} in (%c1, %c4, %c2, %c4, %c4, %c2) kinds "SSSSRR"
// CHECK-SAME: reads(%x[%v_ax0, %v_ax1, %v_ax2 * 4 + %v_rv0, %v_ax3 * 2 + %v_rv1] : memref<1x4x8x8xf32>)
// CHECK-NOT: arith.select
// CHECK: tensorir.block "adaptive_pool_avg"
// CHECK: arith.constant 8.000000e+00 : f32

// 8 -> 3: windows [0, 3), [2, 6), [5, 8) of widths 3, 4, 3. The reduction
// runs over the widest (4); taps past a narrower window are masked out and
// the divisor is the window's area.
// CHECK-LABEL: tensorir.prim_func private @adaptive_avg_pool2d1(
// CHECK: tensorir.block "adaptive_pool_sum"{{.*}} in (%c1, %c4, %c3, %c3, %c4, %c4) kinds "SSSSRR"
// CHECK-SAME: reads(%x[%v_ax0, %v_ax1, (%v_ax2 * 8) floordiv 3 + %v_rv0, (%v_ax3 * 8) floordiv 3 + %v_rv1] : memref<1x4x8x8xf32>)
// CHECK: %[[SCALED:.*]] = arith.muli %v_ax2, %c8 : index
// CHECK: %[[START:.*]] = arith.floordivsi %[[SCALED]], %c3 : index
// CHECK: %[[SHIFTED:.*]] = arith.addi %[[SCALED]], %c10 : index
// CHECK: %[[END:.*]] = arith.floordivsi %[[SHIFTED]], %c3 : index
// CHECK: %[[WIDTH:.*]] = arith.subi %[[END]], %[[START]] : index
// CHECK: arith.cmpi slt, %v_rv0, %[[WIDTH]] : index
// CHECK: %[[MASK:.*]] = arith.andi
// CHECK: arith.minsi %{{.*}}, %c7 : index
// CHECK: %[[TAP:.*]] = tensorir.load %x
// CHECK: arith.select %[[MASK]], %[[TAP]], %{{.*}} : f32
// CHECK: tensorir.block "adaptive_pool_avg"
// CHECK: arith.sitofp
// CHECK: arith.divf
