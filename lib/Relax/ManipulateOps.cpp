//===- ManipulateOps.cpp - relax shape manipulation: reshape, concat, split, ... ===//
//
// Shape inference and verifiers of the ops in RelaxManipulateOps.td.
//
//===----------------------------------------------------------------------===//

#include "tvmlir/Relax/Relax.h"
#include "tvmlir/Relax/ShapeInference.h"

using namespace mlir;
using namespace mlir::relax;
