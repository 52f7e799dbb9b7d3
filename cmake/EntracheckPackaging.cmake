# What `cmake --install` adds beyond the library (lib/CMakeLists.txt): the Python package, the
# CLI's --help text and man page, and the Debian package built with CPack
# (entracheck_<version>_amd64.deb; `cpack -G DEB` in a build configured with
# -DCMAKE_INSTALL_PREFIX=/usr, as scripts/deb_roundtrip.sh does). Included only with
# ENTRACHECK_INSTALL (entracheck's own build).

# The Python package is pure Python: installed as files, it finds libentracheck.so under the same
# prefix (see bindings/python/entracheck/_native.py).
set(ENTRACHECK_PYTHON_INSTALL_DIR "${CMAKE_INSTALL_LIBDIR}/python3/dist-packages" CACHE STRING
    "Where the Python package is installed, relative to the prefix")
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(ENTRACHECK_PYTHON_INSTALL_DIR "lib/python3/dist-packages")  # Debian's path for every python3
endif()
install(DIRECTORY "${PROJECT_SOURCE_DIR}/bindings/python/entracheck"
  DESTINATION "${ENTRACHECK_PYTHON_INSTALL_DIR}"
  PATTERN "__pycache__" EXCLUDE)

# The example responses, so that an installed entracheck can be tried at once.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/examples/" DESTINATION "${CMAKE_INSTALL_DATADIR}/entracheck/examples"
  FILES_MATCHING PATTERN "*.http" PATTERN "README.md")

# The man page is the CLI's own --help text, so that it cannot drift from the program.
if(TARGET entracheck_cli)
  set(help_file "${PROJECT_BINARY_DIR}/entracheck-help.txt")
  set(man_file "${PROJECT_BINARY_DIR}/entracheck.1")
  add_custom_command(OUTPUT "${help_file}" "${man_file}"
    COMMAND "${CMAKE_COMMAND}" "-DCLI=$<TARGET_FILE:entracheck_cli>" "-DHELP=${help_file}" "-DMAN=${man_file}"
            "-DVERSION=${PROJECT_VERSION}" -P "${PROJECT_SOURCE_DIR}/cmake/HelpToMan.cmake"
    DEPENDS entracheck_cli "${PROJECT_SOURCE_DIR}/cmake/HelpToMan.cmake"
    COMMENT "entracheck --help to entracheck.1")
  add_custom_target(entracheck_man ALL DEPENDS "${help_file}" "${man_file}")
  install(FILES "${man_file}" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
  install(FILES "${help_file}" DESTINATION "${CMAKE_INSTALL_DOCDIR}")
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME entracheck)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "entracheck maintainers <entracheck@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "checks the HTTP responses of Microsoft Entra ID custom authentication extensions")
set(CPACK_PACKAGE_DESCRIPTION
    "entracheck decides whether Microsoft Entra ID accepts the response of a custom authentication extension or rejects it with the exact 1003xxx code: a CLI, a static C++ library with GoogleTest matchers and a CMake package, a shared library with a C API, a Python package and the JSON Schema files.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # entracheck_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)   # libc6, libstdc++6, libcurl4... from the binaries
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "rapidjson-dev, python3")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libgmock-dev, libgtest-dev")
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
include(CPack)
