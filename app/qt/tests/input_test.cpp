// InputManager with SDL's virtual game controller: hot-plug, the built-in mapping of
// buttons and triggers onto pad bits, keyboard keys, remapping, and unplugging.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <QGuiApplication>
#include <SDL.h>

#include "../input_manager.h"
#include "../pad_devices.h"
#include "core/pad_state.h"

using core::PadState;

namespace {
int attachVirtualPad() {
    SDL_VirtualJoystickDesc desc;
    SDL_zero(desc);
    desc.version = SDL_VIRTUAL_JOYSTICK_DESC_VERSION;
    desc.type = SDL_JOYSTICK_TYPE_GAMECONTROLLER;
    desc.naxes = SDL_CONTROLLER_AXIS_MAX;
    desc.nbuttons = SDL_CONTROLLER_BUTTON_DPAD_RIGHT + 1;
    desc.axis_mask = (1u << SDL_CONTROLLER_AXIS_MAX) - 1;
    desc.button_mask = (1u << (SDL_CONTROLLER_BUTTON_DPAD_RIGHT + 1)) - 1;
    desc.name = "Skipjack test pad";
    return SDL_JoystickAttachVirtualEx(&desc);
}
} // namespace

TEST_CASE("a hot-plugged controller drives the pad through the default mapping", "[input]") {
    app::InputManager input;
    QString why;
    REQUIRE(input.initControllers(why));
    app::Settings defaults;
    input.setMapping(defaults.keys, defaults.padBindings);
    input.pollNow();
    REQUIRE(input.controllerNames().isEmpty());

    const int index = attachVirtualPad();
    REQUIRE(index >= 0);
    input.pollNow();
    REQUIRE(input.controllerNames().size() == 1);
    SDL_Joystick* js = SDL_JoystickOpen(index);
    REQUIRE(js != nullptr);
    SDL_JoystickSetVirtualAxis(js, SDL_CONTROLLER_AXIS_TRIGGERLEFT, -32768);
    SDL_JoystickSetVirtualAxis(js, SDL_CONTROLLER_AXIS_TRIGGERRIGHT, -32768);

    SDL_JoystickSetVirtualButton(js, SDL_CONTROLLER_BUTTON_A, 1);
    SDL_JoystickSetVirtualButton(js, SDL_CONTROLLER_BUTTON_DPAD_UP, 1);
    input.pollNow();
    CHECK(input.buttons() == (PadState::Cross | PadState::Up));

    // Triggers are axes: L2 once pushed past half way.
    SDL_JoystickSetVirtualButton(js, SDL_CONTROLLER_BUTTON_A, 0);
    SDL_JoystickSetVirtualButton(js, SDL_CONTROLLER_BUTTON_DPAD_UP, 0);
    // A virtual device's raw trigger axis spans -32768 (released) .. 32767 (full).
    SDL_JoystickSetVirtualAxis(js, SDL_CONTROLLER_AXIS_TRIGGERLEFT, -20000);
    input.pollNow();
    CHECK(input.buttons() == 0);
    SDL_JoystickSetVirtualAxis(js, SDL_CONTROLLER_AXIS_TRIGGERLEFT, 30000);
    input.pollNow();
    CHECK(input.buttons() == PadState::L2);
    SDL_JoystickSetVirtualAxis(js, SDL_CONTROLLER_AXIS_TRIGGERLEFT, -32768);

    // Keyboard and controller combine.
    SDL_JoystickSetVirtualButton(js, SDL_CONTROLLER_BUTTON_START, 1);
    input.pollNow();
    CHECK(input.keyEvent(Qt::Key_X, true));
    CHECK(input.buttons() == (PadState::Start | PadState::Cross));
    CHECK(input.keyEvent(Qt::Key_X, false));
    CHECK_FALSE(input.keyEvent(Qt::Key_F7, true)); // not bound
    CHECK(input.buttons() == PadState::Start);

    // Remapped: Start now comes from the controller's B button.
    auto pad = defaults.padBindings;
    for (int i = 0; i < app::kPadButtons; ++i)
        if (app::padButtons()[i].bit == PadState::Start) pad[i] = "button:b";
    input.setMapping(defaults.keys, pad);
    input.pollNow();
    CHECK(input.buttons() == 0);
    SDL_JoystickSetVirtualButton(js, SDL_CONTROLLER_BUTTON_B, 1);
    input.pollNow();
    CHECK(input.buttons() == (PadState::Start | PadState::Circle));

    // Unplugged: its buttons are released and it leaves the list.
    SDL_JoystickClose(js);
    SDL_JoystickDetachVirtual(index);
    input.pollNow();
    CHECK(input.controllerNames().isEmpty());
    CHECK(input.buttons() == 0);
}

TEST_CASE("stick bytes: centre 80h, ends 00h and FFh, dead zone and sensitivity", "[input]") {
    // controllersandmemorycards.md "Analog Joypad Range": 00h left/up, 80h centre, FFh
    // right/down.
    CHECK(app::stickByte(0, 0, 100) == 0x80);
    CHECK(app::stickByte(32767, 0, 100) == 0xff);
    CHECK(app::stickByte(-32768, 0, 100) == 0x00);
    // Inside a 10 % dead zone: centred; just outside it: barely moved.
    CHECK(app::stickByte(3000, 10, 100) == 0x80);
    CHECK(app::stickByte(-3000, 10, 100) == 0x80);
    CHECK(app::stickByte(3300, 10, 100) == 0x80); // (3300/32767 - 0.1) / 0.9 * 127 = 0.01
    // 0.6 of full travel with a 10 % dead zone: (0.6 - 0.1) / 0.9 = 5/9 of the way to the end,
    // 128 + 127 * 5/9 = 198.6 and 128 - 128 * 5/9 = 56.9.
    CHECK(app::stickByte(19660, 10, 100) == 199);
    CHECK(app::stickByte(-19660, 10, 100) == 57);
    // 200 % sensitivity: 10/9 of the way, clamped at the end.
    CHECK(app::stickByte(19660, 10, 200) == 0xff);
    CHECK(app::stickByte(32767, 10, 200) == 0xff);
    CHECK(app::stickByte(-32768, 10, 200) == 0x00);
}

TEST_CASE("sticks and the analog button reach the pad state; rumble reaches the controller",
          "[input]") {
    app::InputManager input;
    QString why;
    REQUIRE(input.initControllers(why));
    app::Settings defaults;
    input.setMapping(defaults.keys, defaults.padBindings);
    input.setAnalogMapping(defaults.stickAxes, 0, 100, "button:guide");
    const int index = attachVirtualPad();
    REQUIRE(index >= 0);
    input.pollNow();
    SDL_Joystick* js = SDL_JoystickOpen(index);
    REQUIRE(js != nullptr);
    for (int a = 0; a < SDL_CONTROLLER_AXIS_MAX; ++a)
        SDL_JoystickSetVirtualAxis(js, a, 0);
    SDL_JoystickSetVirtualAxis(js, SDL_CONTROLLER_AXIS_TRIGGERLEFT, -32768);
    SDL_JoystickSetVirtualAxis(js, SDL_CONTROLLER_AXIS_TRIGGERRIGHT, -32768);
    input.pollNow();
    PadState state = input.padState();
    for (int a = 0; a < 4; ++a)
        CHECK(state.axes[a] == 0x80);
    SDL_JoystickSetVirtualAxis(js, SDL_CONTROLLER_AXIS_LEFTX, 32767);
    SDL_JoystickSetVirtualAxis(js, SDL_CONTROLLER_AXIS_RIGHTY, -32768);
    SDL_JoystickSetVirtualButton(js, SDL_CONTROLLER_BUTTON_GUIDE, 1);
    input.pollNow();
    state = input.padState();
    CHECK(state.axes[PadState::LeftX] == 0xff);
    CHECK(state.axes[PadState::RightY] == 0x00);
    CHECK(state.axes[PadState::LeftY] == 0x80);
    CHECK(state.analogButton);
    // Left X unbound: centred whatever the stick does.
    auto axes = defaults.stickAxes;
    axes[PadState::LeftX] = "";
    input.setAnalogMapping(axes, 0, 100, "button:guide");
    input.pollNow();
    CHECK(input.padState().axes[PadState::LeftX] == 0x80);

    // Rumble: the source's motors are sent with SDL_GameControllerRumble; a virtual joystick
    // accepts the call without a motor, so this checks the source is polled and nothing
    // fails.
    int polled = 0;
    input.setRumbleSource(
        [&] {
            ++polled;
            return uint16_t(0xff01);
        },
        true);
    for (int i = 0; i < 16; ++i)
        input.pollNow();
    CHECK(polled == 2); // every 8th poll
    input.setRumbleSource(
        [&] {
            ++polled;
            return uint16_t(0);
        },
        false);
    for (int i = 0; i < 16; ++i)
        input.pollNow();
    CHECK(polled == 2); // disabled: not asked
    SDL_JoystickClose(js);
    SDL_JoystickDetachVirtual(index);
    input.pollNow();
    CHECK(input.padState().axes[PadState::LeftY] == 0x80);
}

int main(int argc, char** argv) {
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const int result = Catch::Session().run(argc, argv);
    SDL_Quit();
    return result;
}
