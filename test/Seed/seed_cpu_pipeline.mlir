// The seed's fused module (seed_fused.mlir) through tvmlir.compile's CPU
// pipeline: every op reaches the LLVM dialect; the fused kernels keep their
// names; the dense layer is FMAs on 512-bit vectors.
// RUN: relax-opt %S/seed_fused.mlir --tvmlir-cpu-pipeline="num-threads=1 vector-bits=512" | FileCheck %s

// CHECK-DAG: llvm.func @fused_matmul_add_relu(
// CHECK-DAG: llvm.func @fused_matmul1_add1(
// CHECK-DAG: llvm.func @transpose(
// CHECK-DAG: llvm.func @_mlir_ciface_main(
// CHECK-DAG: llvm.intr.fmuladd({{.*}}) : (vector<256xf32>, vector<256xf32>, vector<256xf32>) -> vector<256xf32>
// No op of another dialect is left (an op's name starts its line or follows "= ").
// CHECK-NOT: {{(^ *|= )(tensorir|relax|linalg|scf|vector|memref|bufferization|arith|math|async)\.}}
