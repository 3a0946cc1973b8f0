//===- Reduce.cpp - legalization of reductions (sum, mean, ...) ===//

#include "Legalize.h"

using namespace mlir;
using namespace mlir::relax;

void relax::populateReduceLegalizers(LegalizerTable &table) {}
