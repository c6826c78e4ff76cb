// The compiled parts of Boost.Asio (with its SSL layer) and Boost.Beast, built once for the whole
// program. Every other translation unit sees BOOST_ASIO_SEPARATE_COMPILATION and
// BOOST_BEAST_SEPARATE_COMPILATION (set in CMakeLists.txt) and so includes only declarations,
// instead of compiling these libraries again in each file that uses them.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
