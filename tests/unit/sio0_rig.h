#pragma once
// A SIO0 on its own, driven through JOY_DATA byte by byte as a program does (one whole
// transfer per call, recording every reply byte and whether /ACK raised IRQ7 after it).
#include <vector>

#include "core/irq.h"
#include "core/sio0.h"
#include "device_test_util.h"

namespace testutil {

using Bytes = std::vector<uint8_t>;
using Acks = std::vector<bool>;

struct Sio0Rig {
    static constexpr uint32_t kData = 0x1f801040, kMode = 0x1f801048, kCtrl = 0x1f80104a,
                              kBaud = 0x1f80104e;
    core::Scheduler sched;
    core::Irq irq;
    core::Sio0 sio{sched, irq};
    Sio0Rig() {
        sio.write(kCtrl, core::Sio0::kCtrlReset, 2);
        sio.write(kMode, 0x000d, 2); // MUL1, 8 bits
        sio.write(kBaud, 0x0088, 2);
    }
    // /CS of `port` low, every byte of `send`, /CS high.
    Bytes transfer(const Bytes& send, Acks* acks = nullptr, unsigned port = 0) {
        const uint32_t select = core::Sio0::kCtrlTxEnable | core::Sio0::kCtrlDtr |
                                core::Sio0::kCtrlDsrIrq |
                                (port ? uint32_t(core::Sio0::kCtrlPort2) : 0u);
        sio.write(kCtrl, select, 2);
        Bytes reply;
        for (uint8_t b : send) {
            irq.write(0x1f801070, ~(1u << 7), 4);
            sio.write(kCtrl, sio.state().ctrl | core::Sio0::kCtrlAcknowledge, 2);
            sio.write(kData, b, 1);
            runFor(sched, sio.byteCycles());
            reply.push_back(static_cast<uint8_t>(sio.read(kData, 1)));
            runFor(sched, core::Sio0::kAckDelayCycles + 10);
            if (acks) acks->push_back(((irq.state().stat >> 7) & 1) != 0);
            runFor(sched, core::Sio0::kAckLowCycles);
        }
        sio.write(kCtrl, 0, 2);
        return reply;
    }
};

// /ACK after each of the first `n` bytes of `total`, none after.
inline Acks acksFor(size_t n, size_t total) {
    Acks a(total, false);
    for (size_t i = 0; i < n && i < total; ++i)
        a[i] = true;
    return a;
}

} // namespace testutil
