// Turns the tab-separated figures of quarry_bench and the Sequelize peer into the report:
// a Markdown table per dialect and an SVG chart of the ratios.
//
//   quarry_bench_report REPORT.md CHART.svg FIGURES.tsv...
//
// Lines read: "meta KEY VALUE", "result DIALECT WORKLOAD CONTENDER ROUND OPS_PER_S",
// "memory DIALECT WORKLOAD CONTENDER KIB". quarry/raw is the median over the rounds of each
// round's ratio (both ran in the same process, alternating); quarry/Sequelize compares medians
// (Sequelize runs in its own process).

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  auto n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

struct Figures {
  std::vector<std::pair<std::string, std::string>> meta;
  // dialect -> workload -> contender -> round -> ops/s
  std::map<std::string, std::map<std::string, std::map<std::string, std::map<int, double>>>> results;
  std::map<std::string, std::map<std::string, std::map<std::string, double>>> memory;  // dialect -> workload -> contender -> KiB
  std::vector<std::string> workload_order;
};

struct Target {
  double vs_raw = 0, vs_sequelize = 0;  // 0: none
};
Target target_of(const std::string& w) {
  if (w == "a" || w == "c" || w == "d" || w == "e") return {0.90, 10};
  if (w == "b") return {1.00, 5};
  if (w == "c.stream") return {0.95, 0};
  return {};
}

// The workloads in report order, with their labels.
const std::vector<std::pair<std::string, std::string>>& labels() {
  static const std::vector<std::pair<std::string, std::string>> l = {
      {"a", "a. insert one by one, one transaction"},
      {"b", "b. bulk_create"},
      {"c", "c. select all into structs"},
      {"c.stream", "c'. the same streamed by each"},
      {"d", "d. lookups by primary key"},
      {"e", "e. updates by primary key, one transaction"},
      {"e.dsl", "e'. the same via update(set, where)"},
      {"f", "f. find_all with include (1k authors)"},
      {"g.single", "g. TechEmpower single query"},
      {"g.queries", "g. TechEmpower 20 queries"},
      {"g.updates", "g. TechEmpower 20 updates"},
      {"g.fortunes", "g. TechEmpower fortunes"},
  };
  return l;
}
std::size_t rank(const std::string& w) {
  const auto& l = labels();
  return static_cast<std::size_t>(std::find_if(l.begin(), l.end(), [&](const auto& p) { return p.first == w; }) - l.begin());
}
std::string label(const std::string& w) {
  auto r = rank(w);
  return r < labels().size() ? labels()[r].second : w;
}

const std::vector<std::string> dialect_order = {"sqlite", "postgres", "mysql"};
std::string dialect_name(const std::string& d) {
  return d == "sqlite" ? "SQLite" : d == "postgres" ? "PostgreSQL" : d == "mysql" ? "MariaDB" : d;
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}
std::string thousands(double v) {
  auto s = fixed(std::round(v), 0);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
  return s;
}

/// quarry/raw per round, median; 0 when either is missing.
double ratio_vs_raw(const std::map<std::string, std::map<int, double>>& by) {
  auto q = by.find("quarry"), r = by.find("raw");
  if (q == by.end() || r == by.end()) return 0;
  std::vector<double> ratios;
  for (auto [round, ops] : q->second)
    if (auto it = r->second.find(round); it != r->second.end() && it->second > 0) ratios.push_back(ops / it->second);
  return median(ratios);
}
double median_of(const std::map<std::string, std::map<int, double>>& by, const std::string& who) {
  auto it = by.find(who);
  if (it == by.end()) return 0;
  std::vector<double> v;
  for (auto [round, ops] : it->second) v.push_back(ops);
  return median(v);
}

Figures read(const std::vector<std::string>& files) {
  Figures f;
  for (const auto& path : files) {
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
      std::vector<std::string> cols;
      std::stringstream ss(line);
      std::string col;
      while (std::getline(ss, col, '\t')) cols.push_back(col);
      if (cols.size() >= 3 && cols[0] == "meta") {
        f.meta.emplace_back(cols[1], cols[2]);
      } else if (cols.size() == 6 && cols[0] == "result") {
        f.results[cols[1]][cols[2]][cols[3]][std::stoi(cols[4])] = std::stod(cols[5]);
        if (std::find(f.workload_order.begin(), f.workload_order.end(), cols[2]) == f.workload_order.end())
          f.workload_order.push_back(cols[2]);
      } else if (cols.size() == 5 && cols[0] == "memory") {
        f.memory[cols[1]][cols[2]][cols[3]] = std::stod(cols[4]);
      }
    }
  }
  std::stable_sort(f.workload_order.begin(), f.workload_order.end(),
                   [](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
  return f;
}

std::string verdict(double value, double target) {
  if (target == 0 || value == 0) return "";
  return value >= target ? " ✓" : " ✗";
}

void write_markdown(const Figures& f, const std::string& path, const std::string& chart) {
  std::ofstream out(path);
  out << "# Benchmark results\n\n";
  for (const auto& [k, v] : f.meta) out << "- **" << k << ":** " << v << "\n";
  out << "\nOperations per second, median over the rounds. quarry/raw is the median of each round's ratio "
         "(quarry and the raw C API ran in one process, alternating which went first). quarry/Sequelize "
         "compares medians. ✓ and ✗ mark the targets: quarry/raw ≥ 0.90 for a, c, d, e, ≥ 0.95 for c' and ≥ 1.00 for b; "
         "quarry/Sequelize ≥ 10 for a, c, d, e and ≥ 5 for b.\n\n";
  out << "![quarry/raw and quarry/Sequelize per workload](" << chart << ")\n\n";
  for (const auto& d : dialect_order) {
    auto it = f.results.find(d);
    if (it == f.results.end()) continue;
    out << "## " << dialect_name(d) << "\n\n";
    out << "| workload | quarry | raw C API | Sequelize | quarry/raw | quarry/Sequelize |\n|---|---:|---:|---:|---:|---:|\n";
    for (const auto& w : f.workload_order) {
      auto wi = it->second.find(w);
      if (wi == it->second.end()) continue;
      const auto& by = wi->second;
      double q = median_of(by, "quarry"), r = median_of(by, "raw"), s = median_of(by, "sequelize");
      double vr = ratio_vs_raw(by), vs = s > 0 ? q / s : 0;
      auto t = target_of(w);
      out << "| " << label(w) << " | " << thousands(q) << " | " << (r > 0 ? thousands(r) : "") << " | "
          << (s > 0 ? thousands(s) : "not run") << " | " << (vr > 0 ? fixed(vr, 2) : "") << verdict(vr, t.vs_raw)
          << " | " << (vs > 0 ? fixed(vs, 1) : "") << verdict(vs, t.vs_sequelize) << " |\n";
    }
    if (auto m = f.memory.find(d); m != f.memory.end()) {
      for (const auto& [workload, by] : m->second) {
        auto get = [&](const char* who) {
          auto x = by.find(who);
          return x == by.end() ? 0.0 : x->second;
        };
        double q = get("quarry"), r = get("raw"), s = get("sequelize");
        out << "\nPeak memory of " << (workload == "c" ? "c" : "c'") << ", each contender alone in its own process: quarry "
            << thousands(q) << " KiB, raw " << thousands(r) << " KiB (quarry/raw " << (r > 0 ? fixed(q / r, 2) : "?")
            << verdict(r > 0 ? 1.5 / (q / r) : 0, 1) << ", target ≤ 1.5)";
        if (s > 0) out << ", Sequelize " << thousands(s) << " KiB";
        out << ".\n";
      }
    }
    out << "\n";
  }
}

// Two panels: quarry/raw on a linear scale (0 to 1.5), quarry/Sequelize on a log scale (1 to 1000).
void write_svg(const Figures& f, const std::string& path) {
  const std::vector<std::string> colors = {"#4e79a7", "#f28e2b", "#59a14f"};
  const int label_w = 300, panel_w = 330, gap = 40, bar_h = 9, top = 60;
  std::vector<std::string> rows = f.workload_order;
  const int group_h = bar_h * 3 + 10;
  const int height = top + group_h * static_cast<int>(rows.size()) + 50;
  const int width = label_w + 2 * panel_w + gap + 20;
  std::ofstream out(path);
  out << "<svg xmlns='http://www.w3.org/2000/svg' width='" << width << "' height='" << height
      << "' font-family='sans-serif' font-size='12'>\n<rect width='100%' height='100%' fill='white'/>\n";
  auto text = [&](double x, double y, const std::string& s, const char* anchor = "start", int size = 12) {
    out << "<text x='" << x << "' y='" << y << "' text-anchor='" << anchor << "' font-size='" << size << "'>" << s
        << "</text>\n";
  };
  int x1 = label_w, x2 = label_w + panel_w + gap;
  text(x1 + panel_w / 2.0, 20, "quarry / raw C API (higher is better)", "middle", 13);
  text(x2 + panel_w / 2.0, 20, "quarry / Sequelize (log scale)", "middle", 13);
  for (std::size_t i = 0; i < dialect_order.size(); ++i) {
    out << "<rect x='" << x1 + 10 + 110 * static_cast<int>(i) << "' y='32' width='10' height='10' fill='" << colors[i] << "'/>\n";
    text(x1 + 24 + 110 * static_cast<int>(i), 41, dialect_name(dialect_order[i]));
  }
  auto lin = [&](double v) { return x1 + std::min(v, 1.5) / 1.5 * panel_w; };
  auto logx = [&](double v) { return x2 + std::clamp(std::log10(std::max(v, 1.0)) / 3.0, 0.0, 1.0) * panel_w; };
  int bottom = top + group_h * static_cast<int>(rows.size());
  for (double v : {0.0, 0.5, 0.9, 1.0, 1.5}) {
    bool mark = v == 0.9 || v == 1.0;
    out << "<line x1='" << lin(v) << "' y1='" << top - 5 << "' x2='" << lin(v) << "' y2='" << bottom << "' stroke='"
        << (mark ? "#c00" : "#ccc") << "' stroke-dasharray='" << (mark ? "4,3" : "") << "'/>\n";
    text(lin(v), bottom + 15, fixed(v, v == 0.9 ? 1 : 1), "middle");
  }
  for (double v : {1.0, 5.0, 10.0, 100.0, 1000.0}) {
    bool mark = v == 5.0 || v == 10.0;
    out << "<line x1='" << logx(v) << "' y1='" << top - 5 << "' x2='" << logx(v) << "' y2='" << bottom << "' stroke='"
        << (mark ? "#c00" : "#ccc") << "' stroke-dasharray='" << (mark ? "4,3" : "") << "'/>\n";
    text(logx(v), bottom + 15, fixed(v, 0) + "×", "middle");
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    int y = top + group_h * static_cast<int>(r);
    text(label_w - 8, y + group_h / 2.0 + 2, label(rows[r]), "end");
    for (std::size_t d = 0; d < dialect_order.size(); ++d) {
      auto di = f.results.find(dialect_order[d]);
      if (di == f.results.end()) continue;
      auto wi = di->second.find(rows[r]);
      if (wi == di->second.end()) continue;
      double vr = ratio_vs_raw(wi->second);
      double q = median_of(wi->second, "quarry"), s = median_of(wi->second, "sequelize");
      int by = y + static_cast<int>(d) * bar_h;
      if (vr > 0)
        out << "<rect x='" << x1 << "' y='" << by << "' width='" << lin(vr) - x1 << "' height='" << bar_h - 1
            << "' fill='" << colors[d] << "'><title>" << fixed(vr, 2) << "</title></rect>\n";
      if (s > 0)
        out << "<rect x='" << x2 << "' y='" << by << "' width='" << std::max(1.0, logx(q / s) - x2) << "' height='"
            << bar_h - 1 << "' fill='" << colors[d] << "'><title>" << fixed(q / s, 1) << "</title></rect>\n";
    }
  }
  text(10, height - 10, "Red dashed lines: the targets (0.9 and 1.0 of raw; 5× and 10× Sequelize).", "start", 11);
  out << "</svg>\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: quarry_bench_report REPORT.md CHART.svg FIGURES.tsv...\n");
    return 2;
  }
  auto figures = read(std::vector<std::string>(argv + 3, argv + argc));
  std::string chart = argv[2];
  auto slash = chart.find_last_of('/');
  write_markdown(figures, argv[1], slash == std::string::npos ? chart : chart.substr(slash + 1));
  write_svg(figures, argv[2]);
  return 0;
}
