//===- SchemeAdapter.cpp - The scheme core with llvm::Error ---------------===//

#include "stl/Scheme/Scheme.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir::stl;

static llvm::Expected<Scheme> toExpected(core::SchemeOrError result) {
  if (!result.ok())
    return llvm::createStringError(result.error);
  return Scheme(std::move(result.scheme));
}

llvm::Error Scheme::validate() const {
  std::string error = core::validationError(*this);
  if (error.empty())
    return llvm::Error::success();
  return llvm::createStringError(error);
}

llvm::Expected<Scheme> mlir::stl::lookupScheme(llvm::StringRef name) {
  return toExpected(core::lookupScheme(name.str()));
}

llvm::Expected<Scheme> mlir::stl::schemeFromJSON(const llvm::json::Value &value,
                                                 llvm::StringRef origin) {
  // One reader for every caller: print the value and read it back.
  std::string text;
  llvm::raw_string_ostream(text) << value;
  return parseSchemeJSON(text, origin);
}

llvm::Expected<Scheme> mlir::stl::parseSchemeJSON(llvm::StringRef text,
                                                  llvm::StringRef origin) {
  return toExpected(core::parseSchemeJSON(text.str(), origin.str()));
}

llvm::Expected<Scheme> mlir::stl::readSchemeFile(llvm::StringRef path) {
  // MemoryBuffer's messages name the file and the reason the same way on
  // every platform; the core reads files itself only without LLVM.
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/true);
  if (!buffer)
    return llvm::createStringError(("cannot read scheme file '" + path +
                                    "': " + buffer.getError().message())
                                       .str());
  return parseSchemeJSON((*buffer)->getBuffer(), path);
}

llvm::Expected<Scheme> mlir::stl::resolveScheme(llvm::StringRef nameOrPath) {
  if (core::isSchemeFileName(nameOrPath.str()))
    return readSchemeFile(nameOrPath);
  return lookupScheme(nameOrPath);
}
