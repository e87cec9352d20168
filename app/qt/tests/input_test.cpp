// InputManager with SDL's virtual game controller: hot-plug, the built-in mapping of
// buttons and triggers onto pad bits, keyboard keys, remapping, and unplugging.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <QGuiApplication>
#include <SDL.h>

#include "../input_manager.h"
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

int main(int argc, char** argv) {
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const int result = Catch::Session().run(argc, argv);
    SDL_Quit();
    return result;
}
