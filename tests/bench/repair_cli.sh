# tests/bench/repair_cli.sh - sourced by the repair benches: build the bench
# driver (repair_cli.c, and bench_io.c where the tree has it) of source tree
# ROOT against a build directory's library.
#   repair_cli_build ROOT BUILD_DIR OUT
repair_cli_build() {
  io=
  [ -f "$1/tests/bench/bench_io.c" ] && io="$1/tests/bench/bench_io.c"
  cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$1/pipeline" -I"$1/extractors" \
    "$1/tests/bench/repair_cli.c" $io "$2/libarkivcore.a" \
    $(pkg-config --libs tesseract lept poppler-glib libpcre2-8 sqlite3) -lm -lpthread -o "$3"
}
# The source tree a build directory was configured from.
repair_build_src() {
  sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$1/CMakeCache.txt"
}
