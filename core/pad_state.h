#pragma once
// Front-end-agnostic input of one controller (digital pad, DualShock, analog joystick, mouse,
// GunCon) (controllersandmemorycards.md button bits).
#include <cstdint>

namespace core {

struct PadState {
    // Bit set = button held. Bit order is the pad's response halfword (which is active-low
    // on the wire): Select, L3, R3, Start, Up, Right, Down, Left, L2, R2, L1, R1, Triangle,
    // Circle, Cross, Square.
    enum Button : uint16_t {
        Select = 1 << 0,
        L3 = 1 << 1,
        R3 = 1 << 2,
        Start = 1 << 3,
        Up = 1 << 4,
        Right = 1 << 5,
        Down = 1 << 6,
        Left = 1 << 7,
        L2 = 1 << 8,
        R2 = 1 << 9,
        L1 = 1 << 10,
        R1 = 1 << 11,
        Triangle = 1 << 12,
        Circle = 1 << 13,
        Cross = 1 << 14,
        Square = 1 << 15,
        // Mouse ("Controllers - Mouse", halfword 1): Right button bit 10, Left button bit 11.
        MouseRight = L1,
        MouseLeft = R1,
        // GunCon ("Lightguns - Namco (GunCon)", halfword 1): A aka Start, Trigger aka Circle,
        // B aka Cross.
        GunA = Start,
        GunTrigger = Circle,
        GunB = Cross,
    };
    // Stick axes (halfwords 2-3 of the analog reply, "Standard Controllers"): 00h = left/up,
    // 80h = centre, FFh = right/down. Order as on the wire: adc0..adc3.
    enum Axis : unsigned { RightX = 0, RightY = 1, LeftX = 2, LeftY = 3 };
    uint16_t buttons = 0;
    uint8_t axes[4] = {0x80, 0x80, 0x80, 0x80};
    // The DualShock's Analog button (held); the pad toggles its mode on the press.
    bool analogButton = false;
    bool connected = true;
    // Mouse: motion since the previous frame in mouse counts (+X right, +Y down); the mouse
    // adds it up until the game reads it.
    int16_t mouseDx = 0, mouseDy = 0;
    // GunCon: where the gun points, in pixels of the displayed picture (gpu::Display's
    // scan-out, 0,0 = its top-left); negative = off the picture (no light).
    int16_t gunX = -1, gunY = -1;
};

} // namespace core
