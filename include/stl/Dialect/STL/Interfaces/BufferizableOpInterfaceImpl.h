//===- BufferizableOpInterfaceImpl.h - stl ops and bufferization -*- C++
//-*-===//

#ifndef STL_DIALECT_STL_INTERFACES_BUFFERIZABLEOPINTERFACEIMPL_H
#define STL_DIALECT_STL_INTERFACES_BUFFERIZABLEOPINTERFACEIMPL_H

namespace mlir {
class DialectRegistry;
namespace stl {

/// STL is lowered before bufferization (convert-stl-to-linalg on the CPU,
/// convert-stl-to-gpu on GPUs). These models make One-Shot Bufferize stop at
/// a leftover stl op with an error that says so, instead of its generic
/// "op was not bufferized" or, with allow-unknown-ops, copies around an op
/// that no later pass lowers.
void registerBufferizableOpInterfaceExternalModels(DialectRegistry &registry);

} // namespace stl
} // namespace mlir

#endif // STL_DIALECT_STL_INTERFACES_BUFFERIZABLEOPINTERFACEIMPL_H
