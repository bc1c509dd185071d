// A file that only includes quarry and its SQLite backend: the fixed cost every program pays
// (bench/compile/measure.sh).
#include <quarry/quarry.hpp>
#include <quarry/sqlite.hpp>

int main() { return 0; }
