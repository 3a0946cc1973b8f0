//===- NNOps.cpp - relax neural-network operators: softmax, norms, conv2d, pooling, attention ===//
//
// Shape inference and verifiers of the ops in RelaxNNOps.td.
//
//===----------------------------------------------------------------------===//

#include "tvmlir/Relax/Relax.h"
#include "tvmlir/Relax/ShapeInference.h"

using namespace mlir;
using namespace mlir::relax;
