// Round trip of the shape-manipulation operators, and their shape inference
// (symbolic names included): the results below are what inference gives, or
// the verifier would reject them.
// RUN: relax-opt %s | FileCheck %s
// RUN: relax-opt %s --mlir-print-op-generic | relax-opt | FileCheck %s

// CHECK-LABEL: relax.function @reshape
relax.function @reshape(%x: tensor<2x3x4xf32>, %n: tensor<?x8xf32, #relax.sym<["n"]>>) -> tensor<2x12xf32> {
  // CHECK: relax.reshape %{{.*}} shape [2, -1] : tensor<2x3x4xf32> -> tensor<2x12xf32>
  %0 = relax.reshape %x shape [2, -1] : tensor<2x3x4xf32> -> tensor<2x12xf32>
  // CHECK: relax.reshape %{{.*}} shape [4, 1, 6] : tensor<2x3x4xf32> -> tensor<4x1x6xf32>
  %1 = relax.reshape %x shape [4, 1, 6] : tensor<2x3x4xf32> -> tensor<4x1x6xf32>
  // Without -1 a symbolic input is allowed (the count is checked at run time).
  // CHECK: relax.reshape %{{.*}} shape [4, 8] : tensor<?x8xf32, #relax.sym<["n"]>> -> tensor<4x8xf32>
  %2 = relax.reshape %n shape [4, 8] : tensor<?x8xf32, #relax.sym<["n"]>> -> tensor<4x8xf32>
  relax.return %0 : tensor<2x12xf32>
}

// CHECK-LABEL: relax.function @expand_squeeze_flatten
relax.function @expand_squeeze_flatten(%x: tensor<?x3xf32, #relax.sym<["n"]>>, %s: tensor<f32>, %y: tensor<1x2x1xf32>)
    -> tensor<?x3xf32, #relax.sym<["n"]>> {
  // Axes index the result: -1 is its last dimension.
  // CHECK: relax.expand_dims %{{.*}} axis [0, -1] : tensor<?x3xf32, #relax.sym<["n"]>> -> tensor<1x?x3x1xf32, #relax.sym<["n"]>>
  %0 = relax.expand_dims %x axis [0, -1] : tensor<?x3xf32, #relax.sym<["n"]>> -> tensor<1x?x3x1xf32, #relax.sym<["n"]>>
  // CHECK: relax.squeeze %{{.*}} axis [0, 3] : tensor<1x?x3x1xf32, #relax.sym<["n"]>> -> tensor<?x3xf32, #relax.sym<["n"]>>
  %1 = relax.squeeze %0 axis [0, 3] : tensor<1x?x3x1xf32, #relax.sym<["n"]>> -> tensor<?x3xf32, #relax.sym<["n"]>>
  // Without axis every extent-1 dimension goes.
  // CHECK: relax.squeeze %{{.*}} : tensor<1x2x1xf32> -> tensor<2xf32>
  %2 = relax.squeeze %y : tensor<1x2x1xf32> -> tensor<2xf32>
  // CHECK: relax.expand_dims %{{.*}} axis [0] : tensor<f32> -> tensor<1xf32>
  %3 = relax.expand_dims %s axis [0] : tensor<f32> -> tensor<1xf32>
  // A product with a symbol is known by no name; one symbol among 1s keeps its.
  // CHECK: relax.flatten %{{.*}} : tensor<?x3xf32, #relax.sym<["n"]>> -> tensor<?xf32>
  %4 = relax.flatten %x : tensor<?x3xf32, #relax.sym<["n"]>> -> tensor<?xf32>
  // CHECK: relax.flatten %{{.*}} : tensor<1x?x1xf32, #relax.sym<["n"]>> -> tensor<?xf32, #relax.sym<["n"]>>
  %5 = relax.expand_dims %1 axis [0] : tensor<?x3xf32, #relax.sym<["n"]>> -> tensor<1x?x3xf32, #relax.sym<["n"]>>
  %6 = relax.strided_slice %5 axes [2] begin [0] end [1] : tensor<1x?x3xf32, #relax.sym<["n"]>> -> tensor<1x?x1xf32, #relax.sym<["n"]>>
  %7 = relax.flatten %6 : tensor<1x?x1xf32, #relax.sym<["n"]>> -> tensor<?xf32, #relax.sym<["n"]>>
  // A 0-D tensor flattens to one element.
  // CHECK: relax.flatten %{{.*}} : tensor<f32> -> tensor<1xf32>
  %8 = relax.flatten %s : tensor<f32> -> tensor<1xf32>
  relax.return %1 : tensor<?x3xf32, #relax.sym<["n"]>>
}

// CHECK-LABEL: relax.function @concat_split
relax.function @concat_split(%a: tensor<2x3xf32>, %b: tensor<2x5xf32>, %n: tensor<?x3xf32, #relax.sym<["n"]>>,
                             %m: tensor<?x3xf32, #relax.sym<["m"]>>) -> tensor<2x8xf32> {
  // CHECK: relax.concat %{{.*}}, %{{.*}} axis -1 : tensor<2x3xf32>, tensor<2x5xf32> -> tensor<2x8xf32>
  %0 = relax.concat %a, %b axis -1 : tensor<2x3xf32>, tensor<2x5xf32> -> tensor<2x8xf32>
  // The default axis 0 is not printed.
  // CHECK: relax.concat %{{.*}}, %{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<?x3xf32, #relax.sym<["n"]>>, tensor<2x3xf32> -> tensor<?x3xf32>
  %1 = relax.concat %a, %n, %a : tensor<2x3xf32>, tensor<?x3xf32, #relax.sym<["n"]>>, tensor<2x3xf32> -> tensor<?x3xf32>
  // A symbol along another axis: the static extent is taken.
  // CHECK: relax.concat %{{.*}}, %{{.*}} axis 1 : tensor<?x3xf32, #relax.sym<["n"]>>, tensor<?x3xf32, #relax.sym<["m"]>> -> tensor<?x6xf32>
  %2 = relax.concat %n, %m axis 1 : tensor<?x3xf32, #relax.sym<["n"]>>, tensor<?x3xf32, #relax.sym<["m"]>> -> tensor<?x6xf32>
  // CHECK: relax.concat %{{.*}} : tensor<?x3xf32, #relax.sym<["n"]>> -> tensor<?x3xf32, #relax.sym<["n"]>>
  %3 = relax.concat %n : tensor<?x3xf32, #relax.sym<["n"]>> -> tensor<?x3xf32, #relax.sym<["n"]>>
  // CHECK: relax.split %{{.*}} sections(2) axis 1 : tensor<2x8xf32> -> tensor<2x4xf32>, tensor<2x4xf32>
  %4:2 = relax.split %0 sections(2) axis 1 : tensor<2x8xf32> -> tensor<2x4xf32>, tensor<2x4xf32>
  // Indices past the end are clamped to it, as NumPy does.
  // CHECK: relax.split %{{.*}} indices [3, 3, 20] axis -1 : tensor<2x8xf32> -> tensor<2x3xf32>, tensor<2x0xf32>, tensor<2x5xf32>, tensor<2x0xf32>
  %5:4 = relax.split %0 indices [3, 3, 20] axis -1 : tensor<2x8xf32> -> tensor<2x3xf32>, tensor<2x0xf32>, tensor<2x5xf32>, tensor<2x0xf32>
  // A symbolic axis: pieces between indices are known, the rest are not.
  // CHECK: relax.split %{{.*}} indices [1, 2] : tensor<?x3xf32, #relax.sym<["n"]>> -> tensor<1x3xf32>, tensor<1x3xf32>, tensor<?x3xf32>
  %6:3 = relax.split %n indices [1, 2] : tensor<?x3xf32, #relax.sym<["n"]>> -> tensor<1x3xf32>, tensor<1x3xf32>, tensor<?x3xf32>
  // CHECK: relax.split %{{.*}} sections(1) : tensor<?x3xf32, #relax.sym<["n"]>> -> tensor<?x3xf32, #relax.sym<["n"]>>
  %7 = relax.split %n sections(1) : tensor<?x3xf32, #relax.sym<["n"]>> -> tensor<?x3xf32, #relax.sym<["n"]>>
  relax.return %0 : tensor<2x8xf32>
}

// CHECK-LABEL: relax.function @strided_slice_take
relax.function @strided_slice_take(%x: tensor<4x5xf32>, %n: tensor<?x5xf32, #relax.sym<["n"]>>, %i: tensor<2x2xi64>,
                                   %j: tensor<i32>) -> tensor<2x3xf32> {
  // Python's slices: x[1:3, -1:-100:-2].
  // CHECK: relax.strided_slice %{{.*}} axes [0, 1] begin [1, -1] end [3, -100] strides [1, -2] : tensor<4x5xf32> -> tensor<2x3xf32>
  %0 = relax.strided_slice %x axes [0, 1] begin [1, -1] end [3, -100] strides [1, -2] : tensor<4x5xf32> -> tensor<2x3xf32>
  // A huge end means "to the end"; a begin past the end gives nothing.
  // CHECK: relax.strided_slice %{{.*}} axes [-1] begin [2] end [9223372036854775807] : tensor<4x5xf32> -> tensor<4x3xf32>
  %1 = relax.strided_slice %x axes [-1] begin [2] end [9223372036854775807] : tensor<4x5xf32> -> tensor<4x3xf32>
  // CHECK: relax.strided_slice %{{.*}} axes [0] begin [7] end [9] : tensor<4x5xf32> -> tensor<0x5xf32>
  %2 = relax.strided_slice %x axes [0] begin [7] end [9] : tensor<4x5xf32> -> tensor<0x5xf32>
  // A sliced symbolic dimension is known by no name; the others keep theirs.
  // CHECK: relax.strided_slice %{{.*}} axes [0, 1] begin [0, 1] end [2, 3] : tensor<?x5xf32, #relax.sym<["n"]>> -> tensor<?x2xf32>
  %3 = relax.strided_slice %n axes [0, 1] begin [0, 1] end [2, 3] : tensor<?x5xf32, #relax.sym<["n"]>> -> tensor<?x2xf32>
  // The indices' shape replaces the taken dimension.
  // CHECK: relax.take %{{.*}}, %{{.*}} axis 1 : tensor<?x5xf32, #relax.sym<["n"]>>, tensor<2x2xi64> -> tensor<?x2x2xf32, #relax.sym<["n"]>>
  %4 = relax.take %n, %i axis 1 : tensor<?x5xf32, #relax.sym<["n"]>>, tensor<2x2xi64> -> tensor<?x2x2xf32, #relax.sym<["n"]>>
  // CHECK: relax.take %{{.*}}, %{{.*}} axis 0 : tensor<4x5xf32>, tensor<i32> -> tensor<5xf32>
  %5 = relax.take %x, %j axis 0 : tensor<4x5xf32>, tensor<i32> -> tensor<5xf32>
  // Without axis the data is 1-D.
  // CHECK: relax.take %{{.*}}, %{{.*}} : tensor<5xf32>, tensor<2x2xi64> -> tensor<2x2xf32>
  %6 = relax.take %5, %i : tensor<5xf32>, tensor<2x2xi64> -> tensor<2x2xf32>
  relax.return %0 : tensor<2x3xf32>
}

// CHECK-LABEL: relax.function @create_and_choose
relax.function @create_and_choose(%x: tensor<3x1xf32>, %c: tensor<?x1x4xi1, #relax.sym<["n"]>>, %v: tensor<4xf32>)
    -> tensor<2x3x4xf32> {
  // CHECK: relax.broadcast_to %{{.*}} shape [2, 3, 4] : tensor<3x1xf32> -> tensor<2x3x4xf32>
  %0 = relax.broadcast_to %x shape [2, 3, 4] : tensor<3x1xf32> -> tensor<2x3x4xf32>
  // CHECK: relax.full shape [2, 3] fill_value(-2.500000e+00) dtype(f32) : tensor<2x3xf32>
  %1 = relax.full shape [2, 3] fill_value(-2.5) dtype(f32) : tensor<2x3xf32>
  // CHECK: relax.full shape [4] fill_value(7.000000e+00) dtype(i64) : tensor<4xi64>
  %2 = relax.full shape [4] fill_value(7.0) dtype(i64) : tensor<4xi64>
  // CHECK: relax.zeros shape [] dtype(f16) : tensor<f16>
  %3 = relax.zeros shape [] dtype(f16) : tensor<f16>
  // CHECK: relax.ones shape [2, 2] dtype(i1) : tensor<2x2xi1>
  %4 = relax.ones shape [2, 2] dtype(i1) : tensor<2x2xi1>
  // Three shapes broadcast together; the condition's symbol survives.
  // CHECK: relax.where %{{.*}}, %{{.*}}, %{{.*}} : tensor<?x1x4xi1, #relax.sym<["n"]>>, tensor<3x1xf32>, tensor<4xf32> -> tensor<?x3x4xf32, #relax.sym<["n"]>>
  %5 = relax.where %c, %x, %v : tensor<?x1x4xi1, #relax.sym<["n"]>>, tensor<3x1xf32>, tensor<4xf32> -> tensor<?x3x4xf32, #relax.sym<["n"]>>
  // CHECK: relax.astype %{{.*}} dtype(i32) : tensor<?x3x4xf32, #relax.sym<["n"]>> -> tensor<?x3x4xi32, #relax.sym<["n"]>>
  %6 = relax.astype %5 dtype(i32) : tensor<?x3x4xf32, #relax.sym<["n"]>> -> tensor<?x3x4xi32, #relax.sym<["n"]>>
  // CHECK: relax.astype %{{.*}} dtype(f32) : tensor<2x2xi1> -> tensor<2x2xf32>
  %7 = relax.astype %4 dtype(f32) : tensor<2x2xi1> -> tensor<2x2xf32>
  relax.return %0 : tensor<2x3x4xf32>
}

// CHECK-LABEL: relax.function @triangles_scans_ranges
relax.function @triangles_scans_ranges(%x: tensor<3x4xf32>, %i: tensor<2x3xi32>) -> tensor<6xi64> {
  // CHECK: relax.tril %{{.*}} k(1) : tensor<3x4xf32>
  %0 = relax.tril %x k(1) : tensor<3x4xf32>
  // CHECK: relax.triu %{{.*}} : tensor<3x4xf32>
  %1 = relax.triu %0 k(0) : tensor<3x4xf32>
  // CHECK: relax.cumsum %{{.*}} axis 1 exclusive(true) : tensor<3x4xf32> -> tensor<3x4xf32>
  %2 = relax.cumsum %1 axis 1 exclusive(true) : tensor<3x4xf32> -> tensor<3x4xf32>
  // CHECK: relax.cumsum %{{.*}} dtype(i64) : tensor<2x3xi32> -> tensor<6xi64>
  %3 = relax.cumsum %i dtype(i64) : tensor<2x3xi32> -> tensor<6xi64>
  // CHECK: relax.arange start(0.000000e+00) end(1.000000e+00) step(2.500000e-01) dtype(f32) : tensor<4xf32>
  %4 = relax.arange start(0.0) end(1.0) step(0.25) dtype(f32) : tensor<4xf32>
  // CHECK: relax.arange start(5.000000e+00) end(0.000000e+00) step(-2.000000e+00) dtype(i64) : tensor<3xi64>
  %5 = relax.arange start(5.0) end(0.0) step(-2.0) dtype(i64) : tensor<3xi64>
  // CHECK: relax.arange start(3.000000e+00) end(1.000000e+00) dtype(i32) : tensor<0xi32>
  %6 = relax.arange start(3.0) end(1.0) dtype(i32) : tensor<0xi32>
  // CHECK: relax.flip %{{.*}} axis(-1) : tensor<3x4xf32>
  %7 = relax.flip %2 axis(-1) : tensor<3x4xf32>
  relax.return %3 : tensor<6xi64>
}
