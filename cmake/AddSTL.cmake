# stl_add_library(name SRC... [DEPENDS tgt...] [LINK_LIBS lib...]
#                 [MLIR_LIBS lib...] [LINK_COMPONENTS comp...])
#
# A static project library. MLIR_LIBS go through mlir_target_link_libraries()
# so that they resolve to libMLIR.so when STL_LINK_MLIR_DYLIB is ON; linking
# the static MLIR archives beside libMLIR.so would register every dialect and
# command-line option twice.
function(stl_add_library name)
  cmake_parse_arguments(ARG "" ""
    "DEPENDS;LINK_LIBS;MLIR_LIBS;LINK_COMPONENTS" ${ARGN})
  add_mlir_library(${name}
    ${ARG_UNPARSED_ARGUMENTS}
    EXCLUDE_FROM_LIBMLIR
    DEPENDS ${ARG_DEPENDS}
    LINK_COMPONENTS ${ARG_LINK_COMPONENTS}
    LINK_LIBS PUBLIC ${ARG_LINK_LIBS})
  if(ARG_MLIR_LIBS)
    mlir_target_link_libraries(${name} PUBLIC ${ARG_MLIR_LIBS})
  endif()
endfunction()
