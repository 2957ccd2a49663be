# Sanitizer and fuzzer instrumentation for the project's own code.
#
#   -DSTL_ENABLE_SANITIZERS="address;undefined"   ASan + UBSan (any subset;
#                                                  also "leak", "thread")
#   -DSTL_ENABLE_FUZZERS=ON                       libFuzzer coverage on every
#                                                  target, fuzz/ built (clang)
#
# Only the code compiled here is instrumented: libMLIR.so and libLLVM.so
# stay as Debian ships them, so a report points into stl code or into an
# LLVM/MLIR function that stl code called with bad arguments. Every UBSan
# finding is fatal (-fno-sanitize-recover): a sanitized test run either is
# clean or fails.

set(STL_ENABLE_SANITIZERS "" CACHE STRING
  "Sanitizers for the stl code, e.g. \"address;undefined\" (empty: none)")
option(STL_ENABLE_FUZZERS
  "Instrument for libFuzzer and build the fuzz/ targets (needs clang)" OFF)

set(STL_SANITIZER_FLAGS "")
foreach(sanitizer IN LISTS STL_ENABLE_SANITIZERS)
  string(TOLOWER "${sanitizer}" sanitizer)
  if(sanitizer STREQUAL "address")
    list(APPEND STL_SANITIZER_FLAGS -fsanitize=address
      -fsanitize-address-use-after-scope)
  elseif(sanitizer STREQUAL "undefined")
    # vptr needs RTTI, which LLVM's flags turn off for project code.
    list(APPEND STL_SANITIZER_FLAGS -fsanitize=undefined
      -fno-sanitize=vptr -fno-sanitize-recover=undefined)
  elseif(sanitizer STREQUAL "leak" OR sanitizer STREQUAL "thread")
    list(APPEND STL_SANITIZER_FLAGS -fsanitize=${sanitizer})
  else()
    message(FATAL_ERROR "STL_ENABLE_SANITIZERS: unknown sanitizer "
      "'${sanitizer}' (address, undefined, leak, thread)")
  endif()
endforeach()

if(STL_ENABLE_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "STL_ENABLE_FUZZERS needs clang (libFuzzer); "
      "configure with -DCMAKE_CXX_COMPILER=clang++-14 or newer")
  endif()
  # Coverage for every library; the fuzz targets add the libFuzzer driver
  # (-fsanitize=fuzzer) themselves.
  list(APPEND STL_SANITIZER_FLAGS -fsanitize=fuzzer-no-link)
endif()

if(STL_SANITIZER_FLAGS)
  # Readable stack traces without the cost of full debug information.
  list(APPEND STL_SANITIZER_FLAGS -fno-omit-frame-pointer -gline-tables-only)
  list(REMOVE_DUPLICATES STL_SANITIZER_FLAGS)
  message(STATUS "stl: sanitizer flags ${STL_SANITIZER_FLAGS}")
  add_compile_options(${STL_SANITIZER_FLAGS})
  add_link_options(${STL_SANITIZER_FLAGS})
endif()
