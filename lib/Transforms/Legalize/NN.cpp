//===- NN.cpp - legalization of neural-network operators (softmax, conv2d, ...) ===//

#include "Legalize.h"

using namespace mlir;
using namespace mlir::relax;

void relax::populateNNLegalizers(LegalizerTable &table) {}
