# Project-owned targets for third-party headers, wrapped in one place. Debian's RapidJSON has no
# imported target and valijson's has no namespace or version file; the rest of the build sees
# only entracheck::deps::rapidjson.

find_path(ENTRACHECK_RAPIDJSON_INCLUDE_DIR rapidjson/reader.h
  HINTS "${PROJECT_SOURCE_DIR}/.deps/usr/include")
if(NOT ENTRACHECK_RAPIDJSON_INCLUDE_DIR)
  message(FATAL_ERROR "RapidJSON not found: run scripts/setup.sh (Debian package rapidjson-dev)")
endif()
add_library(entracheck_deps_rapidjson INTERFACE)
target_include_directories(entracheck_deps_rapidjson SYSTEM INTERFACE
  "$<BUILD_INTERFACE:${ENTRACHECK_RAPIDJSON_INCLUDE_DIR}>")
add_library(entracheck::deps::rapidjson ALIAS entracheck_deps_rapidjson)

# valijson is header-only; scripts/setup.sh unpacks Debian's package into .deps/ when it is not
# installed system-wide (the package itself drags in Qt and Poco).
find_path(ENTRACHECK_VALIJSON_INCLUDE_DIR valijson/validator.hpp
  HINTS "${PROJECT_SOURCE_DIR}/.deps/usr/include")
if(NOT ENTRACHECK_VALIJSON_INCLUDE_DIR)
  message(FATAL_ERROR "valijson not found: run scripts/setup.sh (Debian package libvalijson-dev)")
endif()
add_library(entracheck_deps_valijson INTERFACE)
target_include_directories(entracheck_deps_valijson SYSTEM INTERFACE
  "$<BUILD_INTERFACE:${ENTRACHECK_VALIJSON_INCLUDE_DIR}>")
add_library(entracheck::deps::valijson ALIAS entracheck_deps_valijson)
