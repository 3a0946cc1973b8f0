// RUN: relax-opt %s --convert-tensorir-to-linalg --split-input-file | FileCheck %s
// RUN: relax-opt %s --convert-tensorir-to-linalg=windowed=false --split-input-file | FileCheck %s --check-prefix=NOWINDOW

// An elementwise block with a broadcast operand: a parallel generic whose maps
// are the loads' indices; the result is written once into the argument.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: tensorir.prim_func private @add_bias(
// CHECK-DAG: %[[X:.*]] = bufferization.to_tensor %arg0 restrict : memref<4x8xf32> to tensor<4x8xf32>
// CHECK-DAG: %[[B:.*]] = bufferization.to_tensor %arg1 restrict : memref<8xf32> to tensor<8xf32>
// CHECK: %[[E:.*]] = tensor.empty() : tensor<4x8xf32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[X]], %[[B]] : tensor<4x8xf32>, tensor<8xf32>) outs(%[[E]] : tensor<4x8xf32>)
// CHECK-SAME: tensorir.block = "T_add"
// CHECK: arith.addf
// CHECK: bufferization.materialize_in_destination %[[R]] in restrict writable %arg2
// CHECK-NOT: tensorir.for
tensorir.prim_func private @add_bias(%x: memref<4x8xf32>, %b: memref<8xf32>, %out: memref<4x8xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  tensorir.for %i = %c0 to %c4 {
    tensorir.for %j = %c0 to %c8 {
      tensorir.block "T_add"(%vi, %vj) = (%i, %j) in (%c4, %c8) kinds "SS"
          reads(%x[%vi, %vj] : memref<4x8xf32>, %b[%vj] : memref<8xf32>) writes(%out[%vi, %vj] : memref<4x8xf32>) {
        %0 = tensorir.load %x[%vi, %vj] : memref<4x8xf32>
        %1 = tensorir.load %b[%vj] : memref<8xf32>
        %2 = arith.addf %0, %1 : f32
        tensorir.store %2, %out[%vi, %vj] : memref<4x8xf32>
      }
    }
  }
}

// -----

// A matmul and its epilogue through an alloc_buffer: T.init() is a fill of
// the output, the load of the output at the store's indices the accumulator,
// the R variable a reduction dimension; the intermediate is an SSA tensor.
// CHECK-DAG: #[[A:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[B:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[C:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: tensorir.prim_func private @matmul_relu(
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[FILL:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<2x4xf32>)
// CHECK: %[[MM:.*]] = linalg.generic {indexing_maps = [#[[A]], #[[B]], #[[C]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK-SAME: outs(%[[FILL]] : tensor<2x4xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %[[IN1:.*]]: f32, %[[OUT:.*]]: f32):
// CHECK-NEXT: %[[P:.*]] = arith.mulf %[[IN]], %[[IN1]] : f32
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[OUT]], %[[P]] : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
// CHECK: %[[RELU:.*]] = linalg.generic {{.*}} ins(%[[MM]] : tensor<2x4xf32>)
// CHECK: arith.maximumf
// CHECK: bufferization.materialize_in_destination %[[RELU]] in restrict writable %arg2
// CHECK-NOT: tensorir.alloc_buffer
tensorir.prim_func private @matmul_relu(%a: memref<2x3xf32>, %b: memref<3x4xf32>, %out: memref<2x4xf32>) {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %mm = tensorir.alloc_buffer : memref<2x4xf32>
  tensorir.for %i = %c0 to %c2 {
    tensorir.for %j = %c0 to %c4 {
      tensorir.for %k = %c0 to %c3 {
        tensorir.block "matmul"(%vi, %vj, %vk) = (%i, %j, %k) in (%c2, %c4, %c3) kinds "SSR"
            reads(%a[%vi, %vk] : memref<2x3xf32>, %b[%vk, %vj] : memref<3x4xf32>) writes(%mm[%vi, %vj] : memref<2x4xf32>) {
          tensorir.init {
            %zero = arith.constant 0.0 : f32
            tensorir.store %zero, %mm[%vi, %vj] : memref<2x4xf32>
          }
          %0 = tensorir.load %mm[%vi, %vj] : memref<2x4xf32>
          %1 = tensorir.load %a[%vi, %vk] : memref<2x3xf32>
          %2 = tensorir.load %b[%vk, %vj] : memref<3x4xf32>
          %3 = arith.mulf %1, %2 : f32
          %4 = arith.addf %0, %3 : f32
          tensorir.store %4, %mm[%vi, %vj] : memref<2x4xf32>
        }
      }
    }
  }
  tensorir.for %i = %c0 to %c2 {
    tensorir.for %j = %c0 to %c4 {
      tensorir.block "compute"(%vi, %vj) = (%i, %j) in (%c2, %c4) kinds "SS"
          reads(%mm[%vi, %vj] : memref<2x4xf32>) writes(%out[%vi, %vj] : memref<2x4xf32>) {
        %0 = tensorir.load %mm[%vi, %vj] : memref<2x4xf32>
        %zero = arith.constant 0.0 : f32
        %1 = arith.maximumf %0, %zero : f32
        tensorir.store %1, %out[%vi, %vj] : memref<2x4xf32>
      }
    }
  }
}

// -----

// TVM's pad_temp (a select of a clamped load, guarded by exactly the bounds
// the clamp assumes) is a tensor.pad; the convolution reading it through a
// window (oh + kh) is a generic with that map.
// CHECK-DAG: #[[WIN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d4, d2 + d5, d3 + d6)>
// CHECK-LABEL: tensorir.prim_func private @conv(
// CHECK: %[[PAD:.*]] = tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor.yield %{{.*}} : f32
// CHECK: tensorir.block = "pad_temp"
// CHECK: linalg.generic {indexing_maps = [#[[WIN]], {{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
// CHECK-SAME: ins(%[[PAD]], %{{.*}} : tensor<1x2x6x6xf32>, tensor<2x2x3x3xf32>)
// NOWINDOW-LABEL: tensorir.prim_func private @conv(
// NOWINDOW-NOT: linalg
// NOWINDOW: tensorir.block "conv"
tensorir.prim_func private @conv(%x: memref<1x2x4x4xf32>, %w: memref<2x2x3x3xf32>, %out: memref<1x2x4x4xf32>) {
  %c0 = arith.constant 0 : index
  %c-1 = arith.constant -1 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : index
  %c6 = arith.constant 6 : index
  %padded = tensorir.alloc_buffer : memref<1x2x6x6xf32>
  tensorir.for %n = %c0 to %c1 {
    tensorir.for %c = %c0 to %c2 {
      tensorir.for %h = %c0 to %c6 {
        tensorir.for %w_ = %c0 to %c6 {
          tensorir.block "pad_temp"(%vn, %vc, %vh, %vw) = (%n, %c, %h, %w_) in (%c1, %c2, %c6, %c6) kinds "SSSS"
              reads(%x[%vn, %vc, %vh - 1, %vw - 1] : memref<1x2x4x4xf32>) writes(%padded[%vn, %vc, %vh, %vw] : memref<1x2x6x6xf32>) {
            %0 = arith.cmpi sge, %vh, %c1 : index
            %1 = arith.cmpi slt, %vh, %c5 : index
            %2 = arith.andi %0, %1 : i1
            %3 = arith.cmpi sge, %vw, %c1 : index
            %4 = arith.andi %2, %3 : i1
            %5 = arith.cmpi slt, %vw, %c5 : index
            %6 = arith.andi %4, %5 : i1
            %7 = arith.addi %vh, %c-1 : index
            %8 = arith.addi %vw, %c-1 : index
            %9 = arith.maxsi %7, %c0 : index
            %10 = arith.minsi %9, %c3 : index
            %11 = arith.maxsi %8, %c0 : index
            %12 = arith.minsi %11, %c3 : index
            %13 = tensorir.load %x[%vn, %vc, %10, %12] : memref<1x2x4x4xf32>
            %zero = arith.constant 0.0 : f32
            %14 = arith.select %6, %13, %zero : f32
            tensorir.store %14, %padded[%vn, %vc, %vh, %vw] : memref<1x2x6x6xf32>
          }
        }
      }
    }
  }
  tensorir.for %n = %c0 to %c1 {
    tensorir.for %f = %c0 to %c2 {
      tensorir.for %oh = %c0 to %c4 {
        tensorir.for %ow = %c0 to %c4 {
          tensorir.for %ci = %c0 to %c2 {
            tensorir.for %kh = %c0 to %c3 {
              tensorir.for %kw = %c0 to %c3 {
                tensorir.block "conv"(%vn, %vf, %voh, %vow, %vc, %vkh, %vkw) = (%n, %f, %oh, %ow, %ci, %kh, %kw)
                    in (%c1, %c2, %c4, %c4, %c2, %c3, %c3) kinds "SSSSRRR"
                    reads(%padded[%vn, %vc, %voh + %vkh, %vow + %vkw] : memref<1x2x6x6xf32>, %w[%vf, %vc, %vkh, %vkw] : memref<2x2x3x3xf32>)
                    writes(%out[%vn, %vf, %voh, %vow] : memref<1x2x4x4xf32>) {
                  tensorir.init {
                    %zero = arith.constant 0.0 : f32
                    tensorir.store %zero, %out[%vn, %vf, %voh, %vow] : memref<1x2x4x4xf32>
                  }
                  %0 = tensorir.load %out[%vn, %vf, %voh, %vow] : memref<1x2x4x4xf32>
                  %1 = arith.addi %voh, %vkh : index
                  %2 = arith.addi %vow, %vkw : index
                  %3 = tensorir.load %padded[%vn, %vc, %1, %2] : memref<1x2x6x6xf32>
                  %4 = tensorir.load %w[%vf, %vc, %vkh, %vkw] : memref<2x2x3x3xf32>
                  %5 = arith.mulf %3, %4 : f32
                  %6 = arith.addf %0, %5 : f32
                  tensorir.store %6, %out[%vn, %vf, %voh, %vow] : memref<1x2x4x4xf32>
                }
              }
            }
          }
        }
      }
    }
  }
}

// -----

// Max pooling: the window dimensions index no operand plainly, so a
// shape-only operand carries their extents (as linalg's pooling ops do).
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3) -> (d0 * 2 + d2, d1 * 2 + d3)>
// CHECK-DAG: #[[WINDOW:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
// CHECK-LABEL: tensorir.prim_func private @max_pool(
// CHECK: %[[SHAPE:.*]] = tensor.empty() : tensor<2x2xf32>
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[WINDOW]], {{.*}}], iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
// CHECK-SAME: ins(%{{.*}}, %[[SHAPE]] : tensor<4x4xf32>, tensor<2x2xf32>)
// CHECK: arith.maximumf
tensorir.prim_func private @max_pool(%x: memref<4x4xf32>, %out: memref<2x2xf32>) {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  tensorir.for %i = %c0 to %c2 {
    tensorir.for %j = %c0 to %c2 {
      tensorir.for %ki = %c0 to %c2 {
        tensorir.for %kj = %c0 to %c2 {
          tensorir.block "pool"(%vi, %vj, %vki, %vkj) = (%i, %j, %ki, %kj) in (%c2, %c2, %c2, %c2) kinds "SSRR"
              reads(%x[%vi * 2 + %vki, %vj * 2 + %vkj] : memref<4x4xf32>) writes(%out[%vi, %vj] : memref<2x2xf32>) {
            tensorir.init {
              %ninf = arith.constant 0xFF800000 : f32
              tensorir.store %ninf, %out[%vi, %vj] : memref<2x2xf32>
            }
            %0 = tensorir.load %out[%vi, %vj] : memref<2x2xf32>
            %1 = arith.muli %vi, %c2 : index
            %2 = arith.addi %1, %vki : index
            %3 = arith.muli %vj, %c2 : index
            %4 = arith.addi %3, %vkj : index
            %5 = tensorir.load %x[%2, %4] : memref<4x4xf32>
            %6 = arith.maximumf %0, %5 : f32
            tensorir.store %6, %out[%vi, %vj] : memref<2x2xf32>
          }
        }
      }
    }
  }
}

// -----

// A data-dependent index (take) keeps the whole prim_func on the loop path.
// CHECK-LABEL: tensorir.prim_func private @take(
// CHECK-NOT: linalg
// CHECK: tensorir.block "T_take"
tensorir.prim_func private @take(%x: memref<8xf32>, %idx: memref<4xi64>, %out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  tensorir.for %i = %c0 to %c4 {
    tensorir.block "T_take"(%vi) = (%i) in (%c4) kinds "S"
        reads(%x[%vi] : memref<8xf32>, %idx[%vi] : memref<4xi64>) writes(%out[%vi] : memref<4xf32>) {
      %0 = tensorir.load %idx[%vi] : memref<4xi64>
      %1 = arith.index_cast %0 : i64 to index
      %2 = tensorir.load %x[%1] : memref<8xf32>
      tensorir.store %2, %out[%vi] : memref<4xf32>
    }
  }
}

// -----

// A predicated block (T.where) stays too. (A load past the buffer's end no
// longer gets here: the verifier rejects it, test/TensorIR/bounds-invalid.mlir.)
// CHECK-LABEL: tensorir.prim_func private @guarded(
// CHECK-NOT: linalg
tensorir.prim_func private @guarded(%x: memref<4xf32>, %out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  tensorir.for %i = %c0 to %c4 {
    %p = arith.cmpi slt, %i, %c2 : index
    tensorir.block "copy"(%vi) = (%i) in (%c4) kinds "S" where(%p)
        reads(%x[%vi] : memref<4xf32>) writes(%out[%vi] : memref<4xf32>) {
      %0 = tensorir.load %x[%vi] : memref<4xf32>
      tensorir.store %0, %out[%vi] : memref<4xf32>
    }
  }
}
