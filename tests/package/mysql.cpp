// quarry::mysql alone: the MySQL driver is linked and registered. No server runs here, so a
// connection to a closed port must fail with ConnectionError (and not "no driver").
#include <quarry/quarry.hpp>
#include <quarry/mysql.hpp>

#include <cstdio>

int main() {
  try {
    quarry::Database db{"mysql://nobody@127.0.0.1:1/none?connect_timeout=2"};
  } catch (const quarry::ConnectionError& e) {
    std::printf("as expected: %s\n", e.what());
    return 0;
  } catch (const std::exception& e) {
    std::printf("unexpected: %s\n", e.what());
  }
  return 1;
}
