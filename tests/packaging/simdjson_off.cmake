# The other configuration of the fast path: built with -DENTRACHECK_SIMDJSON=OFF (no hot path,
# as the emscripten build), only the library and the golden and hot-path tests are compiled, and
# both pass. Run by CTest with -DSOURCE_DIR=... -DWORK_DIR=...
file(REMOVE_RECURSE "${WORK_DIR}")
execute_process(
  COMMAND ${CMAKE_COMMAND} -S "${SOURCE_DIR}" -B "${WORK_DIR}" -G Ninja
          -DCMAKE_BUILD_TYPE=Release -DENTRACHECK_SIMDJSON=OFF -DENTRACHECK_BUILD_CLI=OFF
          -DENTRACHECK_BUILD_FUZZERS=OFF -DENTRACHECK_INSTALL=OFF -DENTRACHECK_BUILD_SHARED=OFF
  RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "configuring with ENTRACHECK_SIMDJSON=OFF failed:\n${output}")
endif()
if(NOT output MATCHES "hot path with simdjson: OFF")
  message(FATAL_ERROR "ENTRACHECK_SIMDJSON=OFF still found simdjson:\n${output}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build "${WORK_DIR}" --parallel 2
                        --target golden_test hot_path_test
                RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "building the golden tests with ENTRACHECK_SIMDJSON=OFF failed")
endif()
foreach(test golden_test hot_path_test)
  execute_process(COMMAND "${WORK_DIR}/tests/${test}" --gtest_brief=1 RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${test} failed with ENTRACHECK_SIMDJSON=OFF")
  endif()
endforeach()
