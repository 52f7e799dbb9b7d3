#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build entry point; the body is fuzz/ossfuzz.sh.
bash "$SRC/entracheck/fuzz/ossfuzz.sh"
