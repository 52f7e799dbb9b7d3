# Builds and runs tests/packaging/consumer.cpp against entracheck, either installed
# (MODE=find-package: install the build tree into a scratch prefix, then find_package) or as a
# subproject (MODE=add-subdirectory). Run by CTest with -DMODE=... -DSOURCE_DIR=... -DBUILD_DIR=...
set(work "${BUILD_DIR}/packaging-${MODE}")
file(REMOVE_RECURSE "${work}")
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "failed (${result}): ${ARGN}")
  endif()
endfunction()
if(MODE STREQUAL "find-package")
  run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${work}/prefix")
  run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/tests/packaging/find-package" -B "${work}/build"
      "-DCMAKE_PREFIX_PATH=${work}/prefix")
else()
  run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/tests/packaging/add-subdirectory" -B "${work}/build"
      "-DENTRACHECK_SOURCE_DIR=${SOURCE_DIR}")
endif()
run(${CMAKE_COMMAND} --build "${work}/build")
run("${work}/build/consumer")
