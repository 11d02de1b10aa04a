// The network API's types, checked when this file compiles: swapped Send/Recv
// arguments must not compile, and the headers experiments/ includes must not
// bring in ns-3 (they come first here, before anything that would).
#include "sim/collectives/collective_engine.h"
#include "sim/helper/fabric.h"

#ifdef NS_ASSERT
#error "sim/helper/fabric.h or sim/collectives/collective_engine.h includes an ns-3 header"
#endif

#include <gtest/gtest.h>

#include <functional>
#include <type_traits>

namespace {

using mdsim::sim::Bytes;
using mdsim::sim::NetworkApi;
using mdsim::sim::Rank;
using mdsim::sim::Tag;
using Fn = std::function<void()>;
using SendFn = void (NetworkApi::*)(Rank, Rank, Bytes, Tag, Fn);

template <typename... Args>
constexpr bool CanSend = std::is_invocable_v<SendFn, NetworkApi&, Args...>;
template <typename... Args>
constexpr bool CanRecv = std::is_invocable_v<decltype(&NetworkApi::Recv), NetworkApi&, Args...>;

// The right order compiles...
static_assert(CanSend<Rank, Rank, Bytes, Tag, Fn>);
static_assert(CanRecv<Rank, Rank, Bytes, Tag, Fn>);
// ...bytes and tag swapped, a rank for a byte count, or bare integers do not.
static_assert(!CanSend<Rank, Rank, Tag, Bytes, Fn>);
static_assert(!CanSend<Rank, Bytes, Rank, Tag, Fn>);
static_assert(!CanSend<int64_t, int64_t, uint64_t, uint64_t, Fn>);
static_assert(!CanRecv<Rank, Rank, Tag, Bytes, Fn>);
static_assert(!CanRecv<Rank, Tag, Bytes, Rank, Fn>);
// No conversion between the three, nor from a bare integer.
static_assert(!std::is_convertible_v<Bytes, Tag> && !std::is_convertible_v<Tag, Bytes>);
static_assert(!std::is_convertible_v<Rank, Bytes> && !std::is_convertible_v<Bytes, Rank>);
static_assert(!std::is_convertible_v<Rank, Tag> && !std::is_convertible_v<Tag, Rank>);
static_assert(!std::is_convertible_v<uint64_t, Bytes> && !std::is_convertible_v<Bytes, uint64_t>);
static_assert(!std::is_convertible_v<int64_t, Rank> && !std::is_convertible_v<uint64_t, Tag>);

}  // namespace

TEST(NetworkApiTypes, BytesAddUpAndCompare) {
  const Bytes a{1000}, b{24};
  EXPECT_EQ((a + b).value(), 1024u);
  EXPECT_EQ((a - b).value(), 976u);
  EXPECT_LT(b, a);
  Bytes c{1};
  c += a;
  EXPECT_EQ(c, Bytes{1001});
  EXPECT_EQ(Rank{7}.value(), 7);
  EXPECT_EQ(Tag{uint64_t{1} << 63}.value(), uint64_t{1} << 63);
}
