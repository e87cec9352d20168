// InputManager with SDL's virtual game controller: hot-plug, the built-in mapping of
// buttons and triggers onto pad bits, keyboard keys, remapping, and unplugging; two keyboards
// and controllers routed to ports and multitap slots (pad_routing.h); the mapping dialog.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <QApplication>
#include <QComboBox>
#include <QKeySequenceEdit>
#include <SDL.h>

#include "../input_manager.h"
#include "../mapping_dialog.h"
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
        [&](int socket) {
            CHECK(socket == 0); // the only controller drives port 1
            ++polled;
            return uint16_t(0xff01);
        },
        true);
    for (int i = 0; i < 16; ++i)
        input.pollNow();
    CHECK(polled == 2); // every 8th poll
    input.setRumbleSource(
        [&](int) {
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

TEST_CASE("routing: keyboards and controllers to ports and multitap slots", "[input]") {
    using app::kControllerAuto;
    using app::routeInput;
    app::Settings d;
    // Two pads: keyboard 1 on port 1, keyboard 2 on port 2; controllers in plug order.
    std::array<bool, 8> pads = app::padSockets({QString("digital"), QString("dualshock")});
    CHECK(pads == std::array<bool, 8>{true, false, false, false, true, false, false, false});
    app::InputRoute r = routeInput(pads, d.socketKeyboard, d.socketController, 0);
    CHECK(r.keyboards[0] == 1u);
    CHECK(r.keyboards[4] == 2u);
    CHECK(r.controller[0] == -1);
    r = routeInput(pads, d.socketKeyboard, d.socketController, 3);
    CHECK(r.controller[0] == 0);
    CHECK(r.controller[4] == 1);
    CHECK(r.socketOfController[2] == -1); // a third controller has no free port

    // A mouse in port 1: keyboard 1 has no pad there and joins port 2's; the first controller
    // drives port 2.
    pads = app::padSockets({QString("mouse"), QString("digital")});
    r = routeInput(pads, d.socketKeyboard, d.socketController, 1);
    CHECK(r.keyboards[0] == 0u);
    CHECK(r.keyboards[4] == 3u);
    CHECK(r.controller[4] == 0);

    // A multitap in port 1: its four slots and port 2 take controllers in socket order.
    pads = app::padSockets({QString("multitap"), QString("digital")});
    CHECK(pads == std::array<bool, 8>{true, true, true, true, true, false, false, false});
    r = routeInput(pads, d.socketKeyboard, d.socketController, 5);
    for (int socket = 0; socket < 5; ++socket)
        CHECK(r.controller[size_t(socket)] == socket);
    // Controller 2 named for slot D and slot B without a controller: the others skip both.
    auto controller = d.socketController;
    controller[3] = 2;
    controller[1] = app::kControllerNone;
    auto keyboard = d.socketKeyboard;
    keyboard[2] = 2; // keyboard 2 on slot C as well as on port 2
    r = routeInput(pads, keyboard, controller, 4);
    CHECK(r.controller[0] == 0);
    CHECK(r.controller[1] == -1);
    CHECK(r.controller[2] == 2);
    CHECK(r.controller[3] == 1);
    CHECK(r.controller[4] == 3);
    CHECK(r.socketOfController[1] == 3);
    CHECK(r.keyboards[2] == 2u);
    CHECK(r.keyboards[4] == 2u);
    // A named controller that is not plugged in drives nothing and is not replaced.
    r = routeInput(pads, keyboard, controller, 1);
    CHECK(r.controller[3] == -1);
    CHECK(r.controller[0] == 0);
    CHECK(r.controller[2] == -1);
    CHECK(app::socketName(6, true) == "2C");
    CHECK(app::socketName(4, false) == "2");
    CHECK(kControllerAuto == -1);
}

TEST_CASE("two keyboards and two hot-plugged controllers drive two ports", "[input]") {
    app::InputManager input;
    QString why;
    REQUIRE(input.initControllers(why));
    app::Settings d;
    input.setMapping(d.keys, d.padBindings);
    input.setSecondKeys(d.keys2);
    input.setRouting(app::padSockets(d.portDevices), d.socketKeyboard, d.socketController);
    // Keyboard 2's defaults: T F G H for the d-pad, K for Cross; keyboard 1's are unchanged.
    CHECK(input.keyEvent(Qt::Key_T, true));
    CHECK(input.keyEvent(Qt::Key_K, true));
    CHECK(input.keyEvent(Qt::Key_Left, true));
    CHECK(input.socketState(4).buttons == (PadState::Up | PadState::Cross));
    CHECK(input.socketState(0).buttons == PadState::Left);
    input.releaseKeys();
    CHECK(input.socketState(4).buttons == 0);

    const int first = attachVirtualPad();
    REQUIRE(first >= 0);
    input.pollNow();
    const int second = attachVirtualPad();
    REQUIRE(second >= 0);
    input.pollNow();
    REQUIRE(input.controllerNames().size() == 2);
    SDL_Joystick* a = SDL_JoystickOpen(first);
    SDL_Joystick* b = SDL_JoystickOpen(second);
    REQUIRE(a);
    REQUIRE(b);
    for (SDL_Joystick* js : {a, b}) {
        SDL_JoystickSetVirtualAxis(js, SDL_CONTROLLER_AXIS_TRIGGERLEFT, -32768);
        SDL_JoystickSetVirtualAxis(js, SDL_CONTROLLER_AXIS_TRIGGERRIGHT, -32768);
    }
    SDL_JoystickSetVirtualButton(a, SDL_CONTROLLER_BUTTON_A, 1);
    SDL_JoystickSetVirtualButton(b, SDL_CONTROLLER_BUTTON_START, 1);
    input.pollNow();
    CHECK(input.socketState(0).buttons == PadState::Cross);
    CHECK(input.socketState(4).buttons == PadState::Start);
    CHECK(input.route().socketOfController[0] == 0);
    CHECK(input.route().socketOfController[1] == 4);

    // A multitap in port 1: the second controller moves to slot B, port 2 has none.
    input.setRouting(app::padSockets({QString("multitap"), QString("digital")}), d.socketKeyboard,
                     d.socketController);
    input.pollNow();
    CHECK(input.socketState(1).buttons == PadState::Start);
    CHECK(input.socketState(4).buttons == 0);

    // Unplugging the first: the other is controller 1 now and drives slot A.
    SDL_JoystickClose(a);
    SDL_JoystickDetachVirtual(first);
    input.pollNow();
    REQUIRE(input.controllerNames().size() == 1);
    CHECK(input.socketState(0).buttons == PadState::Start);
    CHECK(input.socketState(1).buttons == 0);
    SDL_JoystickClose(b);
    SDL_JoystickDetachVirtual(0); // device indexes close up: the one left is index 0
    input.pollNow();
    CHECK(input.controllerNames().isEmpty());
}

TEST_CASE("the mapping dialog shows both keyboards and who drives each socket", "[input]") {
    app::InputManager input;
    app::Settings s;
    s.portDevices = {QString("multitap"), QString("mouse")};
    s.socketController[2] = 3;
    app::MappingDialog dialog(s, s.portDevices, input);
    // Slots A-D of port 1 are listed; port 2 holds a mouse and is not.
    for (int socket = 0; socket < 4; ++socket)
        REQUIRE(dialog.socketKeyboard(socket));
    CHECK_FALSE(dialog.socketKeyboard(4));
    CHECK(dialog.socketKeyboard(0)->objectName() == "keyboard1A");
    CHECK(dialog.socketController(2)->currentData().toInt() == 3);
    CHECK(dialog.keyEdit(1, 0)->keySequence() == QKeySequence(Qt::Key_T)); // keyboard 2 Up
    CHECK(dialog.keyEdit(0, 0)->keySequence() == QKeySequence(Qt::Key_Up));
    // Keyboard 2 on slot B, controller 1 pinned to slot D, a new key for keyboard 2's Cross.
    dialog.socketKeyboard(1)->setCurrentIndex(dialog.socketKeyboard(1)->findData(2));
    dialog.socketController(3)->setCurrentIndex(dialog.socketController(3)->findData(1));
    dialog.keyEdit(1, 4)->setKeySequence(QKeySequence(Qt::Key_B));
    app::Settings out = s;
    dialog.apply(out);
    CHECK(out.socketKeyboard[1] == 2);
    CHECK(out.socketController[3] == 1);
    CHECK(out.socketController[2] == 3);
    CHECK(out.keys2[4] == Qt::Key_B);
    CHECK(out.keys[4] == Qt::Key_X);
    CHECK(out.socketKeyboard[4] == 2); // port 2's choice is kept while it holds a mouse
}

int main(int argc, char** argv) {
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int result = Catch::Session().run(argc, argv);
    SDL_Quit();
    return result;
}
