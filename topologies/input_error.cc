#include "topologies/input_error.h"

namespace mdsim {
namespace {
std::string Compose(const std::string& source, const std::string& field,
                    const std::string& expected, const std::string& found, int line) {
  // Appends rather than operator+ chains: GCC 12 warns falsely (-Wrestrict) on those.
  std::string msg;
  msg.append(source.empty() ? "input" : source);
  if (line > 0) msg.append(":").append(std::to_string(line));
  msg.append(": ");
  if (!field.empty()) msg.append("field '").append(field).append("': ");
  msg.append("expected ").append(expected);
  if (!found.empty()) msg.append(", got ").append(found);
  return msg;
}
}  // namespace

InputError::InputError(std::string source, std::string field, std::string expected,
                       std::string found, int line)
    : std::runtime_error(Compose(source, field, expected, found, line)),
      source_(std::move(source)),
      field_(std::move(field)),
      line_(line) {}

}  // namespace mdsim
