#include "lab/stun_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <fstream>
#include <iostream>

#include "core/unique_fd.hpp"
#include "net/endpoint.hpp"
#include "net/stun_message.hpp"

namespace ashyq::lab {

int run_stun_server(const StunServerOptions& options) {
  auto endpoint = net::parse_endpoint(options.listen);
  if (!endpoint || !endpoint->ip.is_v4()) {
    std::cerr << "ashyq lab stun: --listen '" << options.listen << "' is not IPv4:PORT\n";
    return 2;
  }
  core::UniqueFd fd(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(endpoint->port);
  address.sin_addr.s_addr = htonl(endpoint->ip.to_v4().to_uint());
  if (!fd || bind(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    std::cerr << "ashyq lab stun: cannot bind " << options.listen << "\n";
    return 1;
  }
  if (!options.ready_file.empty())
    std::ofstream(options.ready_file) << "ready\n";
  for (;;) {
    char buffer[1500];
    sockaddr_in from{};
    socklen_t from_size = sizeof from;
    const auto n = recvfrom(fd.get(), buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&from),
                            &from_size);
    if (n <= 0)
      continue;
    char text[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, &from.sin_addr, text, sizeof text);
    auto answer = net::stun_binding_response({buffer, static_cast<std::size_t>(n)}, text,
                                             ntohs(from.sin_port));
    if (!answer)
      continue;  // not a Binding request
    std::cerr << "ashyq lab stun: " << text << ":" << ntohs(from.sin_port) << "\n";
    sendto(fd.get(), answer->data(), answer->size(), 0, reinterpret_cast<sockaddr*>(&from),
           from_size);
  }
}

}  // namespace ashyq::lab
