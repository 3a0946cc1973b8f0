//===- Conv.cpp - legalization of convolution and pooling -----------------===//

#include "Legalize.h"

using namespace mlir;
using namespace mlir::relax;

void relax::populateConvLegalizers(LegalizerTable &table) {}
