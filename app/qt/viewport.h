#pragma once
// Where the emulated frame lands in the window (aspect ratio and integer scaling maths).
#include <glm/vec2.hpp>

namespace app {

enum class AspectMode { Ratio4x3 = 0, Stretch = 1, Integer = 2 };
enum class ScaleFilter { Nearest = 0, Bilinear = 1, SharpBilinear = 2 };

struct ViewRect {
    glm::ivec2 origin{0, 0};
    glm::ivec2 size{0, 0};
};

// The rectangle (in window pixels) the frame is drawn into, centred in `window`.
// Ratio4x3: the largest 4:3 rectangle that fits (a PS1 picture fills a 4:3 TV whatever its
// pixel count). Stretch: the whole window. Integer: each emulated pixel covers a whole number
// of window pixels on each axis, the two factors chosen so the picture is as close to 4:3 as
// whole numbers allow; a window smaller than the frame falls back to 1x (cropped).
ViewRect computeViewport(glm::ivec2 window, glm::ivec2 frame, AspectMode mode);

// The inverse of computeViewport, for the GunCon: the picture pixel (0,0 = the frame's
// top-left) under the window pixel at `pos` (framebuffer pixels, as computeViewport's
// `window`; fractional on scaled screens), or {-1, -1} when that pixel shows no picture (the
// letterbox bars, outside the window, or no frame). The window pixel is taken at its centre,
// as the presenter's fragment shader samples the frame there.
glm::ivec2 windowToPicture(glm::dvec2 pos, glm::ivec2 window, glm::ivec2 frame, AspectMode mode);

// The integer factors used by AspectMode::Integer.
glm::ivec2 integerFactors(glm::ivec2 window, glm::ivec2 frame);

const char* aspectName(AspectMode mode);
const char* filterName(ScaleFilter filter);

} // namespace app
