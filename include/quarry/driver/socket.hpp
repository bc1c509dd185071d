#pragma once
/// Waiting on a connection's socket, for the drivers whose client library exposes it: a bounded
/// wait for the server (socket_timeout), and a look at an idle connection that costs no round
/// trip.
///
///   if (!driver::wait_socket(fd, false, 30000)) ...   // 30 s of silence
///   if (driver::idle_state(fd) != driver::Idle::quiet) ...   // closed or killed by the server

#include <poll.h>  // poll

#include <cerrno>

namespace quarry::driver {

/// Waits until fd can be read (or written, with write) for at most timeout_ms (-1: no limit);
/// false when that time passed in silence. A socket that is gone or fails counts as ready: the
/// client library's next call reports it.
inline bool wait_socket(int fd, bool write, int timeout_ms) {
  if (fd < 0) return true;
  pollfd p{fd, static_cast<short>(write ? POLLIN | POLLOUT : POLLIN), 0};
  for (;;) {
    int rc = ::poll(&p, 1, timeout_ms);
    if (rc > 0) return true;
    if (rc == 0) return false;
    if (errno != EINTR) return true;
  }
}

/// What an idle connection's socket shows, without waiting.
enum class Idle : unsigned char {
  quiet,     ///< nothing to read: the connection is as it was left
  readable,  ///< the server sent something while the connection was idle (a notice, or its goodbye)
  closed,    ///< hung up, failed, or no socket at all
};

inline Idle idle_state(int fd) {
  if (fd < 0) return Idle::closed;
  pollfd p{fd, POLLIN, 0};
  int rc = ::poll(&p, 1, 0);
  if (rc == 0 || (rc < 0 && errno == EINTR)) return Idle::quiet;
  if (rc < 0 || (p.revents & (POLLHUP | POLLERR | POLLNVAL))) return Idle::closed;
  return Idle::readable;
}

}  // namespace quarry::driver
