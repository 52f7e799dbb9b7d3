# Project-owned targets for third-party headers, wrapped in one place. Debian's RapidJSON has no
# imported target and valijson's has no namespace or version file; the rest of the build sees
# only entracheck::deps::rapidjson and entracheck::deps::valijson (valijson only with
# ENTRACHECK_SCHEMA_ENGINE, the default for entracheck's own build). Both are header-only;
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

# simdjson (Debian libsimdjson-dev) for the fast path's hot path (lib/src/fast/hot_path.h): AUTO
# uses it when found, ON requires it, OFF builds without it (the emscripten build, and CI's second
# configuration). Found through its CMake package or pkg-config; linked privately, and the
# installed package config finds it again for consumers of the static library.
set(ENTRACHECK_SIMDJSON AUTO CACHE STRING "Use simdjson for the fast path's hot path (AUTO, ON, OFF)")
set_property(CACHE ENTRACHECK_SIMDJSON PROPERTY STRINGS AUTO ON OFF)
set(ENTRACHECK_HAVE_SIMDJSON OFF)
set(ENTRACHECK_SIMDJSON_VIA "")
if(NOT ENTRACHECK_SIMDJSON STREQUAL "OFF" AND NOT EMSCRIPTEN)
  find_package(simdjson CONFIG QUIET)
  if(TARGET simdjson::simdjson)
    set(ENTRACHECK_HAVE_SIMDJSON ON)
    set(ENTRACHECK_SIMDJSON_VIA cmake)
    set(ENTRACHECK_SIMDJSON_TARGET simdjson::simdjson)
  else()
    find_package(PkgConfig QUIET)
    if(PkgConfig_FOUND)
      pkg_check_modules(entracheck_simdjson QUIET IMPORTED_TARGET GLOBAL simdjson)
    endif()
    if(TARGET PkgConfig::entracheck_simdjson)
      set(ENTRACHECK_HAVE_SIMDJSON ON)
      set(ENTRACHECK_SIMDJSON_VIA pkg-config)
      set(ENTRACHECK_SIMDJSON_TARGET PkgConfig::entracheck_simdjson)
    endif()
  endif()
endif()
if(ENTRACHECK_SIMDJSON STREQUAL "ON" AND NOT ENTRACHECK_HAVE_SIMDJSON)
  message(FATAL_ERROR "ENTRACHECK_SIMDJSON=ON, but simdjson was not found (Debian libsimdjson-dev)")
endif()
message(STATUS "entracheck: hot path with simdjson: ${ENTRACHECK_HAVE_SIMDJSON}")
