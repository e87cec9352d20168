#include "pad_routing.h"

namespace app {

std::string socketName(int socket, bool multitap) {
    std::string name(1, char('1' + ((socket >> 2) & 1)));
    if (multitap) name.push_back(char('A' + (socket & 3)));
    return name;
}

InputRoute routeInput(const std::array<bool, kPadSockets>& padSockets,
                      const std::array<int, kPadSockets>& keyboard,
                      const std::array<int, kPadSockets>& controller, int controllers) {
    InputRoute r;
    r.controller.fill(-1);
    r.socketOfController.fill(-1);
    const int connected = controllers < 0 ? 0 : controllers > 16 ? 16 : controllers;
    int firstPad = -1;
    for (int s = 0; s < kPadSockets && firstPad < 0; ++s)
        if (padSockets[size_t(s)]) firstPad = s;

    // Keyboards.
    for (unsigned k = 1; k <= 2; ++k) {
        bool placed = false, named = false;
        for (int s = 0; s < kPadSockets; ++s) {
            if (keyboard[size_t(s)] != int(k)) continue;
            named = true;
            if (!padSockets[size_t(s)]) continue;
            r.keyboards[size_t(s)] |= 1u << (k - 1);
            placed = true;
        }
        if (named && !placed && firstPad >= 0) r.keyboards[size_t(firstPad)] |= 1u << (k - 1);
    }

    // Controllers named by a socket first, then the rest in plug order to the auto sockets.
    std::array<bool, 16> taken{};
    for (int s = 0; s < kPadSockets; ++s) {
        const int n = controller[size_t(s)];
        if (n < 1) continue;
        if (n <= 16) taken[size_t(n - 1)] = true; // named: never handed out automatically
        if (!padSockets[size_t(s)] || n > connected || r.socketOfController[size_t(n - 1)] >= 0)
            continue;
        r.controller[size_t(s)] = n - 1;
        r.socketOfController[size_t(n - 1)] = s;
    }
    int next = 0;
    for (int s = 0; s < kPadSockets; ++s) {
        if (!padSockets[size_t(s)] || controller[size_t(s)] != kControllerAuto) continue;
        while (next < connected && taken[size_t(next)])
            ++next;
        if (next >= connected) break;
        r.controller[size_t(s)] = next;
        r.socketOfController[size_t(next)] = s;
        ++next;
    }
    return r;
}

} // namespace app
