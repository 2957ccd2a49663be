# Install rules of the stl package: headers (sources, TableGen definitions
# and the generated .inc files), the libraries exported by stl_add_library,
# the tools, and STLConfig.cmake so that other CMake projects can
# find_package(STL CONFIG). See docs/Embedding.md.

include(CMakePackageConfigHelpers)

set(STL_INSTALL_INCLUDEDIR include)
set(STL_INSTALL_BINDIR bin)
set(STL_INSTALL_PACKAGEDIR lib${LLVM_LIBDIR_SUFFIX}/cmake/stl)

foreach(dir ${PROJECT_SOURCE_DIR}/include/ ${PROJECT_BINARY_DIR}/include/)
  install(DIRECTORY ${dir}
    DESTINATION ${STL_INSTALL_INCLUDEDIR}
    COMPONENT stl-headers
    FILES_MATCHING
    PATTERN "*.h"
    PATTERN "*.inc"
    PATTERN "*.td"
    PATTERN "CMakeFiles" EXCLUDE)
endforeach()

set(STL_INSTALLED_TOOLS stl-opt stl-scheme)
if(TARGET STLPlugin)
  list(APPEND STL_INSTALLED_TOOLS STLPlugin)
endif()
# The installed tools find libMLIR.so/libLLVM.so where they were found at
# build time, as the build tree's tools do.
set_target_properties(${STL_INSTALLED_TOOLS} PROPERTIES
  INSTALL_RPATH "${LLVM_LIBRARY_DIR}")
install(TARGETS ${STL_INSTALLED_TOOLS}
  EXPORT STLTargets
  COMPONENT stl-tools
  RUNTIME DESTINATION ${STL_INSTALL_BINDIR}
  LIBRARY DESTINATION lib${LLVM_LIBDIR_SUFFIX})
set_property(GLOBAL APPEND PROPERTY STL_EXPORTED_TARGETS ${STL_INSTALLED_TOOLS})

install(EXPORT STLTargets
  NAMESPACE STL::
  DESTINATION ${STL_INSTALL_PACKAGEDIR}
  COMPONENT stl-cmake)

get_property(STL_EXPORTED_TARGETS GLOBAL PROPERTY STL_EXPORTED_TARGETS)
configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/STLConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cmake/STLConfig.cmake
  INSTALL_DESTINATION ${STL_INSTALL_PACKAGEDIR}
  PATH_VARS STL_INSTALL_INCLUDEDIR STL_INSTALL_BINDIR)
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/cmake/STLConfigVersion.cmake
  VERSION ${STL_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/cmake/STLConfig.cmake
  ${PROJECT_BINARY_DIR}/cmake/STLConfigVersion.cmake
  DESTINATION ${STL_INSTALL_PACKAGEDIR}
  COMPONENT stl-cmake)
