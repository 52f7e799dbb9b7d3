#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build entry point (base-builder runs it with CXX, CXXFLAGS,
# LIB_FUZZING_ENGINE, SRC, OUT and WORK set); the body is fuzz/ossfuzz.sh, which builds every
# target of fuzz/targets.txt through CMake. fuzz/ossfuzz_local_test.sh runs it without Docker.
bash "$SRC/entracheck/fuzz/ossfuzz.sh"
