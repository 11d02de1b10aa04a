#include "experiments/inputs/comm_groups_json.h"

#include <algorithm>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "topologies/group_of_members.h"
#include "topologies/input_error.h"
#include "topologies/json_input.h"

namespace mdsim::exp {

wl::chakra::CommGroups ParseCommGroupsJson(const std::string& text, const std::string& source,
                                                     const topo::Network& net) {
  const nlohmann::json j = ParseJsonInput(text, source);
  if (!j.is_object()) throw InputError(source, "(document)", "a JSON object of rank lists", PrintableText(QuoteJson(j)));
  wl::chakra::CommGroups out;
  const std::string ids = fmt::format("a list of NPU ids 0..{}", net.num_npus() - 1);
  for (const auto& [key, value] : j.items()) {
    const std::string field = PrintableText(key);
    if (!value.is_array() || value.empty()) throw InputError(source, field, ids, PrintableText(QuoteJson(value)));
    wl::chakra::CommGroup g;
    for (const auto& r : value) {
      if (!r.is_number_integer() || r.get<int64_t>() < 0 || r.get<int64_t>() >= net.num_npus())
        throw InputError(source, field, ids, PrintableText(QuoteJson(r)));
      g.ranks.push_back(r.get<int64_t>());
    }
    std::sort(g.ranks.begin(), g.ranks.end());
    const auto group = topo::GroupOfMembers(net, g.ranks);
    if (!group)
      throw InputError(source, field,
                       fmt::format("ranks that form one instance of a group of {} (per dim, evenly spaced "
                                   "coordinates, every combination present)",
                                   net.source()),
                       PrintableText(QuoteJson(value)));
    g.group = *group;
    out.emplace(key, std::move(g));
  }
  return out;
}

}  // namespace mdsim::exp
