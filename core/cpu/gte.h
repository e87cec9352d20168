#pragma once
// PLACEHOLDER: the GTE helper replaces this file (and gte.cpp) with the real COP2.
#include <cstdint>

#include "savestate/state_io.h"

namespace core {

class Gte {
  public:
    struct State {
        uint32_t data[32];
        uint32_t control[32];
    };
    void reset() { state_ = {}; }
    uint32_t readData(uint32_t reg) { return state_.data[reg & 31]; }
    void writeData(uint32_t reg, uint32_t v) { state_.data[reg & 31] = v; }
    uint32_t readControl(uint32_t reg) { return state_.control[reg & 31]; }
    void writeControl(uint32_t reg, uint32_t v) { state_.control[reg & 31] = v; }
    uint32_t execute(uint32_t command) {
        (void)command;
        return 1;
    }
    void serialize(savestate::StateIO& io) {
        io.beginSection("gte", 1);
        io.value(state_);
        io.endSection();
    }
    State& state() { return state_; }
    const State& state() const { return state_; }

  private:
    State state_{};
};

} // namespace core
