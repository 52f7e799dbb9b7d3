# Builds and runs a user's GoogleTest suite (consumer_test.cpp) against entracheck, got in one of
# three ways, as fmt's test/find-package-test and test/add-subdirectory-test do:
#   MODE=find-package      install the build tree into a scratch prefix, then find_package
#                          (and a C program against the installed libentracheck.so);
#   MODE=add-subdirectory  the source tree as a subproject;
#   MODE=fetch-content     FetchContent from a local git repository: a snapshot commit of the
#                          source tree as it is (tracked and untracked, not ignored, files).
# Run by CTest with -DMODE=... -DSOURCE_DIR=... -DBUILD_DIR=... [-DGENERATOR=...].
set(work "${BUILD_DIR}/packaging-${MODE}")
file(REMOVE_RECURSE "${work}")
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "failed (${result}): ${ARGN}")
  endif()
endfunction()
set(generator)
if(GENERATOR)
  set(generator -G "${GENERATOR}")
endif()
set(tests "${SOURCE_DIR}/tests/packaging")
if(MODE STREQUAL "find-package")
  run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${work}/prefix")
  run(${CMAKE_COMMAND} ${generator} -S "${tests}/find-package" -B "${work}/build"
      "-DCMAKE_PREFIX_PATH=${work}/prefix" -DCMAKE_BUILD_TYPE=RelWithDebInfo)
elseif(MODE STREQUAL "add-subdirectory")
  run(${CMAKE_COMMAND} ${generator} -S "${tests}/add-subdirectory" -B "${work}/build"
      "-DENTRACHECK_SOURCE_DIR=${SOURCE_DIR}" -DCMAKE_BUILD_TYPE=RelWithDebInfo)
elseif(MODE STREQUAL "fetch-content")
  find_program(GIT git REQUIRED)
  execute_process(COMMAND "${GIT}" -C "${SOURCE_DIR}" ls-files --cached --others --exclude-standard
                  OUTPUT_VARIABLE files RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${SOURCE_DIR} is not a git work tree")
  endif()
  string(REPLACE "\n" ";" files "${files}")
  set(repo "${work}/repo")
  foreach(file IN LISTS files)
    if(file AND EXISTS "${SOURCE_DIR}/${file}" AND NOT IS_DIRECTORY "${SOURCE_DIR}/${file}")
      get_filename_component(dir "${file}" DIRECTORY)
      file(COPY "${SOURCE_DIR}/${file}" DESTINATION "${repo}/${dir}")
    endif()
  endforeach()
  run("${GIT}" -C "${repo}" init -q)
  run("${GIT}" -C "${repo}" add -A)
  run("${GIT}" -C "${repo}" -c user.name=entracheck -c user.email=entracheck@localhost
      commit -q -m snapshot)
  execute_process(COMMAND "${GIT}" -C "${repo}" rev-parse HEAD OUTPUT_VARIABLE tag
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  run(${CMAKE_COMMAND} ${generator} -S "${tests}/fetch-content" -B "${work}/build"
      "-DENTRACHECK_GIT_URL=file://${repo}" "-DENTRACHECK_GIT_TAG=${tag}" -DCMAKE_BUILD_TYPE=RelWithDebInfo)
else()
  message(FATAL_ERROR "unknown MODE '${MODE}'")
endif()
run(${CMAKE_COMMAND} --build "${work}/build" --parallel 2)
run("${work}/build/consumer_test")
if(MODE STREQUAL "find-package")
  run("${work}/build/c_consumer")
endif()
