//===- ReduceOps.cpp - relax reductions: sum, mean, max, argmax, ... ===//
//
// Shape inference and verifiers of the ops in RelaxReduceOps.td.
//
//===----------------------------------------------------------------------===//

#include "tvmlir/Relax/Relax.h"
#include "tvmlir/Relax/ShapeInference.h"

using namespace mlir;
using namespace mlir::relax;
