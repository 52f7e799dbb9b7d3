# The consumer's targets, shared by the three ways of getting entracheck (included by each
# CMakeLists.txt here once entracheck::entracheck and entracheck::testing exist).
find_package(GTest REQUIRED)  # for gtest_main only: entracheck::testing brings gtest and gmock
add_executable(consumer_test "${CMAKE_CURRENT_LIST_DIR}/consumer_test.cpp")
target_link_libraries(consumer_test PRIVATE entracheck::testing GTest::gtest_main)
target_compile_definitions(consumer_test PRIVATE EXPECT_SCHEMA_ENGINE=${EXPECT_SCHEMA_ENGINE})
