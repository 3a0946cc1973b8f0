// Attributes that name an element type (`out_dtype`, `dtype`) accept floats
// and signless integers only (Relax_DtypeAttr): any other type would reach
// RankedTensorType::get in shape inference, which asserts on it. The generic
// form reaches what the custom syntax's parser would refuse.
// RUN: relax-opt %s -split-input-file -verify-diagnostics

relax.function @matmul_none(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  // expected-error@+1 {{'relax.matmul' op attribute 'out_dtype' failed to satisfy constraint: type attribute of float or signless integer}}
  %0 = "relax.matmul"(%a, %b) <{out_dtype = none}> : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  relax.return %0 : tensor<2x4xf32>
}

// -----

relax.function @matmul_tensor(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  // expected-error@+1 {{'relax.matmul' op attribute 'out_dtype' failed to satisfy constraint: type attribute of float or signless integer}}
  %0 = "relax.matmul"(%a, %b) <{out_dtype = tensor<f32>}> : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  relax.return %0 : tensor<2x4xf32>
}

// -----

relax.function @matmul_memref(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  // expected-error@+1 {{'relax.matmul' op attribute 'out_dtype' failed to satisfy constraint: type attribute of float or signless integer}}
  %0 = "relax.matmul"(%a, %b) <{out_dtype = memref<2xf32>}> : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  relax.return %0 : tensor<2x4xf32>
}

// -----

relax.function @matmul_tuple(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  // expected-error@+1 {{'relax.matmul' op attribute 'out_dtype' failed to satisfy constraint: type attribute of float or signless integer}}
  %0 = "relax.matmul"(%a, %b) <{out_dtype = tuple<>}> : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  relax.return %0 : tensor<2x4xf32>
}

// -----

relax.function @matmul_function(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  // expected-error@+1 {{'relax.matmul' op attribute 'out_dtype' failed to satisfy constraint: type attribute of float or signless integer}}
  %0 = "relax.matmul"(%a, %b) <{out_dtype = () -> ()}> : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  relax.return %0 : tensor<2x4xf32>
}

// -----

relax.function @conv2d_none(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error@+1 {{'relax.nn.conv2d' op attribute 'out_dtype' failed to satisfy constraint: type attribute of float or signless integer}}
  %0 = "relax.nn.conv2d"(%x, %w) <{out_dtype = none}> : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  relax.return %0 : tensor<1x6x6x6xf32>
}

// -----

relax.function @conv2d_tensor(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error@+1 {{'relax.nn.conv2d' op attribute 'out_dtype' failed to satisfy constraint: type attribute of float or signless integer}}
  %0 = "relax.nn.conv2d"(%x, %w) <{out_dtype = tensor<f32>}> : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  relax.return %0 : tensor<1x6x6x6xf32>
}

// -----

relax.function @conv2d_memref(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error@+1 {{'relax.nn.conv2d' op attribute 'out_dtype' failed to satisfy constraint: type attribute of float or signless integer}}
  %0 = "relax.nn.conv2d"(%x, %w) <{out_dtype = memref<2xf32>}> : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  relax.return %0 : tensor<1x6x6x6xf32>
}

// -----

relax.function @conv2d_tuple(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error@+1 {{'relax.nn.conv2d' op attribute 'out_dtype' failed to satisfy constraint: type attribute of float or signless integer}}
  %0 = "relax.nn.conv2d"(%x, %w) <{out_dtype = tuple<>}> : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  relax.return %0 : tensor<1x6x6x6xf32>
}

// -----

relax.function @conv2d_function(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error@+1 {{'relax.nn.conv2d' op attribute 'out_dtype' failed to satisfy constraint: type attribute of float or signless integer}}
  %0 = "relax.nn.conv2d"(%x, %w) <{out_dtype = () -> ()}> : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  relax.return %0 : tensor<1x6x6x6xf32>
}

// -----

relax.function @matmul_custom(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  // expected-error@+1 {{'relax.matmul' op attribute 'out_dtype' failed to satisfy constraint: type attribute of float or signless integer}}
  %0 = relax.matmul %a, %b out_dtype(tensor<f32>) : tensor<2x3xf32>, tensor<3x4xf32> -> tensor<2x4xf32>
  relax.return %0 : tensor<2x4xf32>
}

// -----

relax.function @full() -> tensor<2xf32> {
  // expected-error@+1 {{'relax.full' op attribute 'dtype' failed to satisfy constraint: type attribute of float or signless integer}}
  %0 = relax.full shape [2] fill_value(1.0) dtype(none) : tensor<2xf32>
  relax.return %0 : tensor<2xf32>
}

// -----

relax.function @zeros() -> tensor<2xf32> {
  // expected-error@+1 {{'relax.zeros' op attribute 'dtype' failed to satisfy constraint: type attribute of float or signless integer}}
  %0 = relax.zeros shape [2] dtype(tuple<>) : tensor<2xf32>
  relax.return %0 : tensor<2xf32>
}

// -----

relax.function @ones() -> tensor<2xf32> {
  // expected-error@+1 {{'relax.ones' op attribute 'dtype' failed to satisfy constraint: type attribute of float or signless integer}}
  %0 = relax.ones shape [2] dtype(memref<2xf32>) : tensor<2xf32>
  relax.return %0 : tensor<2xf32>
}

// -----

relax.function @arange() -> tensor<2xf32> {
  // expected-error@+1 {{'relax.arange' op attribute 'dtype' failed to satisfy constraint: type attribute of float or signless integer}}
  %0 = relax.arange start(0.0) end(2.0) dtype(() -> ()) : tensor<2xf32>
  relax.return %0 : tensor<2xf32>
}

// -----

relax.function @astype(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{'relax.astype' op attribute 'dtype' failed to satisfy constraint: type attribute of float or signless integer}}
  %0 = relax.astype %x dtype(tensor<f32>) : tensor<2xf32> -> tensor<2xf32>
  relax.return %0 : tensor<2xf32>
}

// -----

relax.function @cumsum(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{'relax.cumsum' op attribute 'dtype' failed to satisfy constraint: type attribute of float or signless integer}}
  %0 = relax.cumsum %x dtype(none) : tensor<2xf32> -> tensor<2xf32>
  relax.return %0 : tensor<2xf32>
}
