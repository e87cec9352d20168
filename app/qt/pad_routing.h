#pragma once
// Which host input drives which pad socket. A socket is a port's pad (slot A) or, with a
// multitap (controllersandmemorycards.md "Multitap"), one of its slots A-D: socket =
// port * 4 + slot. Each socket names a keyboard (none, keyboard 1, keyboard 2) and a game
// controller (auto, none, controller N in the order they were plugged in); auto sockets take
// the controllers no socket names, in socket order, one each. Plain logic, no Qt or SDL.
#include <array>
#include <string>

namespace app {

constexpr int kPadSockets = 8;
constexpr int socketOf(int port, int slot) {
    return (port & 1) * 4 + (slot & 3);
}
// "1", "2" for a port without a multitap, "1A".."2D" for a slot.
std::string socketName(int socket, bool multitap);

// What the user chose for one socket (Settings::socketKeyboard / socketController).
constexpr int kControllerAuto = -1; // socketController: take the next free controller
constexpr int kControllerNone = 0;  // socketController: none; N >= 1: controller N
// socketKeyboard: 0 none, 1 keyboard 1, 2 keyboard 2.

struct InputRoute {
    // For each socket: bit 0 = keyboard 1 drives it, bit 1 = keyboard 2.
    std::array<unsigned, kPadSockets> keyboards{};
    // For each socket: the index (0-based, plug order) of the controller driving it, -1 none.
    std::array<int, kPadSockets> controller{};
    // For each connected controller (up to `controllers`): its socket, -1 none.
    std::array<int, 16> socketOfController{};
};

// `padSockets`: the sockets that hold a controller driven by the keyboard and game controllers
// (a pad-like device in a port without multitap at slot A, or in a multitap's slot). A keyboard
// named only by sockets that are not such (a port holding a mouse or GunCon, a slot of a port
// without multitap) drives the first pad socket instead, so one keyboard is never idle while a
// pad waits. A controller named by a socket that is no pad socket drives nothing.
InputRoute routeInput(const std::array<bool, kPadSockets>& padSockets,
                      const std::array<int, kPadSockets>& keyboard,
                      const std::array<int, kPadSockets>& controller, int controllers);

} // namespace app
