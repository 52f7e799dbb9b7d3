# CMakePresets.json: every preset is listed, and the consumer-without-valijson preset configures
# and builds the libraries with no valijson anywhere on the include path.
# Run by CTest with -DSOURCE_DIR=... -DWORK_DIR=...
execute_process(COMMAND ${CMAKE_COMMAND} --list-presets WORKING_DIRECTORY "${SOURCE_DIR}"
                OUTPUT_VARIABLE presets RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "cmake --list-presets failed")
endif()
foreach(name dev release asan-ubsan consumer-without-valijson)
  if(NOT presets MATCHES "\"${name}\"")
    message(FATAL_ERROR "preset ${name} is missing:\n${presets}")
  endif()
endforeach()
file(REMOVE_RECURSE "${WORK_DIR}")
execute_process(COMMAND ${CMAKE_COMMAND} --preset consumer-without-valijson -B "${WORK_DIR}"
                WORKING_DIRECTORY "${SOURCE_DIR}" RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "configuring the consumer-without-valijson preset failed")
endif()
file(READ "${WORK_DIR}/CMakeCache.txt" cache)
if(cache MATCHES "ENTRACHECK_VALIJSON_INCLUDE_DIR")
  message(FATAL_ERROR "the consumer-without-valijson preset looked for valijson")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build "${WORK_DIR}" --parallel 2 RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "building the consumer-without-valijson preset failed")
endif()
