# stl_add_kernel_libraries(<artifacts dir>)
#
# Links each object <dir>/objects/<case>.o (host code + embedded GPU binary
# compiled by stl-opt on a machine with MLIR, see
# scripts/prepare-gpu-artifacts.sh) into a shared library
# ${STL_RUNTIME_OUTPUT_DIR}/libstlk_<case>.so that needs libstl_runtime.so
# and that stl-bench dlopens. Each executable test object <dir>/exec/<name>.o
# becomes an executable ${STL_RUNTIME_OUTPUT_DIR}/exec/<name> with its
# `main` from the object.
#
# Does nothing for an empty or missing folder.

function(stl_add_kernel_libraries artifacts)
  if(NOT artifacts)
    return()
  endif()
  get_filename_component(artifacts "${artifacts}" ABSOLUTE
    BASE_DIR ${CMAKE_SOURCE_DIR})
  if(NOT IS_DIRECTORY "${artifacts}")
    message(WARNING "stl runtime: STL_KERNEL_ARTIFACTS=${artifacts} is not a "
      "folder; no kernel libraries")
    return()
  endif()

  file(GLOB _objects CONFIGURE_DEPENDS "${artifacts}/objects/*.o")
  set(_libs)
  foreach(_object ${_objects})
    get_filename_component(_case "${_object}" NAME_WLE)
    set(_target stlk_${_case})
    # An object from another toolchain is linked as is: no compile step.
    add_library(${_target} SHARED "${_object}")
    set_source_files_properties("${_object}" PROPERTIES
      EXTERNAL_OBJECT TRUE GENERATED TRUE)
    set_target_properties(${_target} PROPERTIES
      LINKER_LANGUAGE CXX
      OUTPUT_NAME stlk_${_case}
      LIBRARY_OUTPUT_DIRECTORY ${STL_RUNTIME_OUTPUT_DIR}
      BUILD_RPATH "$ORIGIN")
    target_link_libraries(${_target} PRIVATE stl_runtime)
    list(APPEND _libs ${_target})
  endforeach()

  file(GLOB _programs CONFIGURE_DEPENDS "${artifacts}/exec/*.o")
  foreach(_object ${_programs})
    get_filename_component(_name "${_object}" NAME_WLE)
    set(_target stlx_${_name})
    add_executable(${_target} "${_object}")
    set_source_files_properties("${_object}" PROPERTIES
      EXTERNAL_OBJECT TRUE GENERATED TRUE)
    set_target_properties(${_target} PROPERTIES
      LINKER_LANGUAGE CXX
      OUTPUT_NAME ${_name}
      RUNTIME_OUTPUT_DIRECTORY ${STL_RUNTIME_OUTPUT_DIR}/exec
      BUILD_RPATH "$ORIGIN/..")
    target_link_libraries(${_target} PRIVATE stl_runtime)
    if(TARGET stl_runner_utils)
      target_link_libraries(${_target} PRIVATE stl_runner_utils)
    endif()
    list(APPEND _libs ${_target})
  endforeach()

  list(LENGTH _objects _n_objects)
  list(LENGTH _programs _n_programs)
  message(STATUS "stl runtime: ${_n_objects} kernel libraries and "
    "${_n_programs} test programs from ${artifacts}")
  if(_libs)
    add_custom_target(stl_kernel_artifacts ALL DEPENDS ${_libs})
  endif()
endfunction()
