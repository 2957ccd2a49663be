# stl_add_library(name SRC... [DEPENDS tgt...] [LINK_LIBS lib...]
#                 [MLIR_LIBS lib...] [LINK_COMPONENTS comp...])
#
# A static project library. MLIR_LIBS go through mlir_target_link_libraries()
# so that they resolve to libMLIR.so when STL_LINK_MLIR_DYLIB is ON; linking
# the static MLIR archives beside libMLIR.so would register every dialect and
# command-line option twice.
#
# The library is installed and exported as STL::<name> (see STLInstall.cmake);
# MLIR's own install rules would put it into MLIR's export set instead.
function(stl_add_library name)
  cmake_parse_arguments(ARG "" ""
    "DEPENDS;LINK_LIBS;MLIR_LIBS;LINK_COMPONENTS" ${ARGN})
  add_mlir_library(${name}
    ${ARG_UNPARSED_ARGUMENTS}
    EXCLUDE_FROM_LIBMLIR
    DISABLE_INSTALL
    DEPENDS ${ARG_DEPENDS}
    LINK_COMPONENTS ${ARG_LINK_COMPONENTS}
    LINK_LIBS PUBLIC ${ARG_LINK_LIBS})
  if(ARG_MLIR_LIBS)
    mlir_target_link_libraries(${name} PUBLIC ${ARG_MLIR_LIBS})
  endif()
  # Only libraries that link MLIR: the headers' inline functions reference
  # MLIR symbols, which a library on LLVM Support alone (STLScheme) and its
  # users do not link.
  if(TARGET STLPrecompiledHeaders AND ARG_MLIR_LIBS)
    target_precompile_headers(${name} REUSE_FROM STLPrecompiledHeaders)
  endif()
  stl_install_library(${name})
endfunction()

# STL_PRECOMPILED_HEADERS=ON: the MLIR headers that most libraries include
# (cmake/pch/PrecompiledHeaders.h) are parsed once, into one precompiled
# header that every stl_add_library target reuses. Parsing headers is most
# of a compile unit's time here (8 of 10 s for a typical pass), so a cold
# build takes about a third less; the quick start turns it on. Off by
# default: ccache does not cache compiles that use a precompiled header, and
# the header must be compiled with the libraries' exact flags (so it is made
# by a target configured like them).
function(stl_add_precompiled_headers)
  add_library(STLPrecompiledHeaders OBJECT
    ${PROJECT_SOURCE_DIR}/cmake/pch/PrecompiledHeaders.cpp)
  llvm_update_compile_flags(STLPrecompiledHeaders)
  target_compile_features(STLPrecompiledHeaders PUBLIC cxx_std_17)
  target_precompile_headers(STLPrecompiledHeaders PRIVATE
    ${PROJECT_SOURCE_DIR}/cmake/pch/PrecompiledHeaders.h)
endfunction()

# Installs `name` into lib/ and adds it to the STLTargets export set, with the
# installed include directory as its usage requirement.
function(stl_install_library name)
  target_include_directories(${name} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/include>
    $<INSTALL_INTERFACE:include>)
  install(TARGETS ${name}
    EXPORT STLTargets
    COMPONENT stl-libraries
    LIBRARY DESTINATION lib${LLVM_LIBDIR_SUFFIX}
    ARCHIVE DESTINATION lib${LLVM_LIBDIR_SUFFIX}
    RUNTIME DESTINATION bin)
  target_compile_features(${name} PUBLIC cxx_std_17)
  set_property(GLOBAL APPEND PROPERTY STL_EXPORTED_TARGETS ${name})
endfunction()
