# The ns-3 fabric: NPU link model (sim/model) and its helpers (sim/helper).
# A shared library, so the TypeId registrations of the model survive linking.
set_property(TARGET mdsim_topologies PROPERTY POSITION_INDEPENDENT_CODE ON)
add_library(mdsim_fabric SHARED
  ${CMAKE_CURRENT_LIST_DIR}/model/npu_link_channel.cc
  ${CMAKE_CURRENT_LIST_DIR}/model/npu_net_device.cc
  ${CMAKE_CURRENT_LIST_DIR}/model/npu_egress_port.cc
  ${CMAKE_CURRENT_LIST_DIR}/model/segment_header.cc
  ${CMAKE_CURRENT_LIST_DIR}/model/sorted_runs_scheduler.cc
  ${CMAKE_CURRENT_LIST_DIR}/helper/route_table.cc
  ${CMAKE_CURRENT_LIST_DIR}/helper/link_stats.cc
  ${CMAKE_CURRENT_LIST_DIR}/helper/transport.cc
  ${CMAKE_CURRENT_LIST_DIR}/helper/match_table.cc
  ${CMAKE_CURRENT_LIST_DIR}/helper/completion_events.cc
  ${CMAKE_CURRENT_LIST_DIR}/helper/fold_ports.cc
  ${CMAKE_CURRENT_LIST_DIR}/helper/fabric.cc
  ${CMAKE_CURRENT_LIST_DIR}/helper/rank_boundary.cc
  ${CMAKE_CURRENT_LIST_DIR}/helper/rank_session.cc
)
target_link_libraries(mdsim_fabric PUBLIC ns3::libs mdsim_topologies)
if(MDSIM_NS3_PREFIX)
  # The two files that speak MPI (CMakeLists.txt, "The MPI flavour").
  set_source_files_properties(
    ${CMAKE_CURRENT_LIST_DIR}/helper/rank_boundary.cc ${CMAKE_CURRENT_LIST_DIR}/helper/rank_session.cc
    PROPERTIES COMPILE_DEFINITIONS MDSIM_NS3_MPI=1
               INCLUDE_DIRECTORIES "${NS3_MPI_INCLUDE};${MPI_CXX_INCLUDE_DIRS}")
  target_link_libraries(mdsim_fabric PUBLIC ${NS3_MPI_LIB} ${MPI_CXX_LIBRARIES})
endif()

# Benchmarks: built only when asked for (`cmake --build build --target bench`,
# or one by name), so the test passes never compile them; never part of ctest.
add_executable(fabric_bench EXCLUDE_FROM_ALL ${CMAKE_CURRENT_LIST_DIR}/bench/fabric_bench.cc)
target_link_libraries(fabric_bench PRIVATE mdsim_fabric CLI11::CLI11)
set_target_properties(fabric_bench PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR})
add_custom_target(bench
  COMMAND fabric_bench --pattern saturate --mib 16
  COMMAND fabric_bench --pattern messages --messages 2000 --message-kib 64
  DEPENDS fabric_bench
  USES_TERMINAL
  COMMENT "Fabric benchmarks on the 4D network (1024 NPUs); figures in docs/performance.md")
# The message-path benchmark on the artifact's 4D datapoint (docs/performance.md, "Message path").
add_custom_target(bench_datapoint
  COMMAND ${CMAKE_CURRENT_LIST_DIR}/bench/datapoint_bench.sh ${CMAKE_BINARY_DIR}
  USES_TERMINAL
  COMMENT "mdsim run of Transformer-17B/175B/1T on the artifact's 4D all-Switch datapoint")
add_dependencies(bench_datapoint mdsim)  # mdsim is defined later, in experiments/
add_executable(scheduler_bench EXCLUDE_FROM_ALL ${CMAKE_CURRENT_LIST_DIR}/bench/scheduler_bench.cc)
target_link_libraries(scheduler_bench PRIVATE ns3::libs)
set_target_properties(scheduler_bench PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR})
