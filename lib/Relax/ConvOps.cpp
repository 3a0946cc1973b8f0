//===- ConvOps.cpp - relax convolution and pooling ------------------------===//
//
// Shape inference and verifiers of the ops in RelaxConvOps.td.
//
//===----------------------------------------------------------------------===//

#include "tvmlir/Relax/Relax.h"
#include "tvmlir/Relax/ShapeInference.h"

using namespace mlir;
using namespace mlir::relax;
