// A file that only declares models, as a program's model headers are included by files that run
// no query: the cost of <quarry/model.hpp> and ten models (bench/compile/measure.sh).
#include "models.hpp"

int main() { return sizeof(quarry::Model<shop::Customer>::fields) == 0; }
