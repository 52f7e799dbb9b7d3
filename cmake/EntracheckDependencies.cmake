# Project-owned targets for third-party headers, wrapped in one place. Debian's RapidJSON has no
# imported target and valijson's has no namespace or version file; the rest of the build sees
# only entracheck::deps::rapidjson and entracheck::deps::valijson. Both are header-only;
# scripts/setup.sh installs RapidJSON and unpacks valijson's Debian package into .deps/ when it is
# not installed system-wide (the package itself drags in Qt and Poco).

function(entracheck_header_dependency name header package)
  string(TOUPPER "${name}" upper)
  find_path(ENTRACHECK_${upper}_INCLUDE_DIR "${header}" HINTS "${PROJECT_SOURCE_DIR}/.deps/usr/include")
  if(NOT ENTRACHECK_${upper}_INCLUDE_DIR)
    message(FATAL_ERROR "${name} not found: run scripts/setup.sh (Debian package ${package})")
  endif()
  add_library(entracheck_deps_${name} INTERFACE)
  target_include_directories(entracheck_deps_${name} SYSTEM INTERFACE
    "$<BUILD_INTERFACE:${ENTRACHECK_${upper}_INCLUDE_DIR}>")
  add_library(entracheck::deps::${name} ALIAS entracheck_deps_${name})
endfunction()

entracheck_header_dependency(rapidjson rapidjson/reader.h rapidjson-dev)
if(ENTRACHECK_SCHEMA_ENGINE)
  entracheck_header_dependency(valijson valijson/validator.hpp libvalijson-dev)
endif()
